import Controller
import Foundation
import OVSSandbox
import OpenFlow
import TLSCredentials
import TestSupport
import Testing

/// `ssl:` listeners against real ovs-vswitchd, with certificates as `ovs-pki` makes them.
@Suite(
    "Controller over ssl: with real ovs-vswitchd",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct ControllerTLSIntegrationTests {
    @Test(
        "a bridge handshakes over mutual TLS and takes flows; another CA's certificate, none, and plaintext are refused"
    )
    func mutualTLS() async throws {
        try await withSandbox { sandbox in
            let pki = try await OVSPKI.make(in: sandbox.directory + "/pki", [("ctl", .controller), ("sw", .switch)])
            // Signed by a CA of its own (openssl, see SSLIntegrationTests): a well-formed
            // certificate the controller has no reason to trust.
            let other = try await TestPKI.make(in: sandbox.directory + "/other", names: ["stranger"])

            let controller = Controller()
            let files = TLSFiles(
                privateKey: pki.privateKey("ctl"), certificate: pki.certificate("ctl"), caCertificate: pki.switchCA)
            let address = try await controller.listen(on: .ssl(host: "127.0.0.1", port: 0), tls: files)
            let port = try #require(address?.port)
            do {
                try await sandbox.vsctl(["set-ssl", pki.privateKey("sw"), pki.certificate("sw"), pki.controllerCA])
                try await sandbox.addBridge(
                    "br0",
                    extra: [
                        "set-controller", "br0", "ssl:127.0.0.1:\(port)", "--", "set", "bridge", "br0",
                        "fail_mode=secure",
                    ])
                let handle = try #require(try await controller.waitForSwitches(count: 1, timeout: .seconds(20)).first)
                let datapathID = try await Self.datapathID(sandbox, "br0")
                #expect(handle.datapathID == datapathID)

                try await handle.sendConfirmed((0..<10).map { Self.flow($0) })
                let dump = try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"])
                #expect(dump.split(separator: "\n").filter { $0.contains("cookie=0x715") }.count == 10)

                // The probe is accepted with a certificate the switch CA signed (the server
                // greets it with an OpenFlow HELLO) and refused with one another CA signed: the
                // TLS handshake fails on the controller's side and the connection closes.
                let accepted = try await TLSProbe.firstBytes(
                    port: port, certificate: pki.certificate("sw"), privateKey: pki.privateKey("sw"))
                #expect(accepted.map { Array($0.prefix(2)) } == [0x05, 0x00], "a valid certificate got no HELLO")
                let refused = try await TLSProbe.firstBytes(
                    port: port, certificate: other.certificate("stranger"), privateKey: other.key("stranger"))
                #expect(refused == nil, "another CA's certificate was accepted")
                let anonymous = try await TLSProbe.firstBytes(port: port, certificate: nil, privateKey: nil)
                #expect(anonymous == nil, "a client without a certificate was accepted")

                // A plaintext OpenFlow HELLO on the TLS port: dropped.
                let plain = try RawPeer(port: port)
                try plain.write([0x05, 0x00, 0x00, 0x08, 0, 0, 0, 1])
                #expect(plain.isClosedAfterDraining(), "a plaintext client stayed connected")

                // The real switch was never disturbed.
                #expect(Array(controller.switches.keys) == [datapathID])
                try await handle.barrier()
                #expect(try await handle.flows().count == 10)
                await controller.shutdown()
            } catch {
                await controller.shutdown()
                throw error
            }
        }
    }

    static func flow(_ index: Int) -> OFMessage.Body {
        var mod = FlowMod(command: .add, tableID: 0, priority: 100)
        mod.cookie = 0x7150 + UInt64(index)
        mod.match = Match([OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a01_0000 + UInt128(index))])
        mod.instructions = [.applyActions([.output(port: PortNumber(1))])]
        return .flowMod(mod)
    }

    static func datapathID(_ sandbox: Sandbox, _ bridge: String) async throws -> UInt64 {
        let text = try await sandbox.vsctl(["get", "bridge", bridge, "datapath_id"])
        return try #require(UInt64(text.trimmingCharacters(in: CharacterSet(charactersIn: "\"\n")), radix: 16))
    }
}

extension RawPeer {
    /// Reads (and discards) whatever the peer still sends, such as a TLS alert, and reports
    /// whether it then closed the connection; false if it stayed open past the receive timeout.
    func isClosedAfterDraining() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }
}
