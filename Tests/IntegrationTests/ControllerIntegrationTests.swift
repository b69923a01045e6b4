import Controller
import Foundation
import NIOCore
import OVSSandbox
import OpenFlow
import TestSupport
import Testing

/// The controller against real ovs-vswitchd: bridges pointed at it with `ovs-vsctl set-controller`.
@Suite(
    "Controller with real ovs-vswitchd", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct ControllerIntegrationTests {
    /// A controller on an ephemeral loopback port, shut down after `body`.
    func withController<T: Sendable>(
        _ configuration: Controller.Configuration = Controller.Configuration(),
        _ body: (Controller, Int) async throws -> T
    ) async throws -> T {
        let controller = Controller(configuration: configuration)
        let address = try await controller.listen(on: .tcp(host: "127.0.0.1", port: 0))
        let port = try #require(address?.port)
        do {
            let result = try await body(controller, port)
            await controller.shutdown()
            return result
        } catch {
            await controller.shutdown()
            throw error
        }
    }

    /// A sandbox bridge br0 in secure fail mode, connected to a controller, and its handle.
    func withSecureBridge(_ body: (Switch, Sandbox) async throws -> Void) async throws {
        try await withController { controller, port in
            try await withSandbox { sandbox in
                try await sandbox.addBridge(
                    "br0",
                    extra: [
                        "set-controller", "br0", "tcp:127.0.0.1:\(port)", "--", "set", "bridge", "br0",
                        "fail_mode=secure",
                    ])
                let handle = try #require(try await controller.waitForSwitches(count: 1).first)
                try await body(handle, sandbox)
            }
        }
    }

    func datapathID(_ sandbox: Sandbox, _ bridge: String) async throws -> UInt64 {
        let text = try await sandbox.vsctl(["get", "bridge", bridge, "datapath_id"])
        let hex = text.trimmingCharacters(in: CharacterSet(charactersIn: "\"\n"))
        return try #require(UInt64(hex, radix: 16))
    }

    @Test("one bridge handshakes; the registry's datapath id is ovs-vsctl's")
    func oneBridge() async throws {
        try await withController { controller, port in
            try await withSandbox { sandbox in
                try await sandbox.addBridge("br0", extra: ["set-controller", "br0", "tcp:127.0.0.1:\(port)"])
                let switches = try await controller.waitForSwitches(count: 1)
                #expect(switches.map(\.datapathID) == [try await datapathID(sandbox, "br0")])
                let ports = try await switches[0].ports()
                #expect(ports.contains { $0.name == "br0" })
            }
        }
    }

    @Test("fifty bridges handshake and each registers under its own datapath id")
    func fiftyBridges() async throws {
        try await withController { controller, port in
            try await withSandbox { sandbox in
                var arguments: [String] = []
                for index in 0..<50 {
                    let name = "br\(index)"
                    arguments += [
                        "--", "add-br", name, "--", "set", "bridge", name, "datapath_type=dummy",
                        "protocols=OpenFlow14", "--", "set-controller", name, "tcp:127.0.0.1:\(port)",
                    ]
                }
                try await sandbox.vsctl(Array(arguments.dropFirst()))
                let switches = try await controller.waitForSwitches(count: 50)
                var expected: Set<UInt64> = []
                for index in 0..<50 { expected.insert(try await datapathID(sandbox, "br\(index)")) }
                #expect(Set(switches.map(\.datapathID)) == expected)
                #expect(controller.switches.count == 50)
            }
        }
    }

    @Test("flows sent with a barrier read back through flows(matching:) and ovs-ofctl; refusals are named")
    func flowsWithBarrier() async throws {
        try await withSecureBridge { handle, sandbox in
            var mods: [OFMessage.Body] = []
            for index in 0..<100 {
                var mod = FlowMod(command: .add, tableID: 0, priority: 100)
                mod.cookie = 0x5b00 + UInt64(index)
                mod.match = Match([
                    OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a00_0000 + UInt128(index)),
                ])
                mod.instructions = [.applyActions([.output(port: PortNumber(2))])]
                mods.append(.flowMod(mod))
            }
            try await handle.sendConfirmed(mods)
            let flows = try await handle.flows()
            #expect(flows.filter { $0.cookie & 0xff00 == 0x5b00 }.count == 100)
            let dump = try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"])
            #expect(dump.contains("cookie=0x5b07, priority=100,ip,nw_dst=10.0.0.7 actions=output:2"))

            // Table 255 does not exist for FLOW_MOD add: the switch refuses exactly that one.
            var bad = FlowMod(command: .add, tableID: 255, priority: 1)
            bad.instructions = [.applyActions([])]
            let good = FlowMod(command: .add, tableID: 0, priority: 7)
            do {
                try await handle.sendConfirmed([.flowMod(good), .flowMod(bad)])
                Issue.record("the bad flow mod was not refused")
            } catch ControllerError.rejected(let rejected) {
                #expect(rejected.map(\.index) == [1])
                #expect(rejected.first?.type == .flowMod)
            }
        }
    }

    @Test("flowParts: a large dump arrives in several parts that together are the whole table")
    func flowParts() async throws {
        try await withSecureBridge { handle, sandbox in
            try await handle.bundle(
                (0..<3000).map { index in
                    var mod = FlowMod(command: .add, tableID: 0, priority: 300)
                    mod.match = Match([
                        OXMField(.ethType, 0x0800), OXMField(.ipv4Src, 0x0a00_0000 + UInt128(index)),
                    ])
                    mod.instructions = [.applyActions([.output(port: PortNumber(1))])]
                    return .flowMod(mod)
                })
            var parts: [[FlowStats]] = []
            for try await part in handle.flowParts() { parts.append(part) }
            #expect(parts.count > 1)
            #expect(parts.map(\.count).reduce(0, +) == 3000)
            #expect(Set(parts.joined().map(\.match)) == Set(try await handle.flows().map(\.match)))
        }
    }

    @Test("a bundle commits all its flows; a bundle with one invalid flow leaves the table unchanged")
    func bundles() async throws {
        try await withSecureBridge { handle, sandbox in
            func flow(_ index: Int, table: UInt8 = 0) -> OFMessage.Body {
                var mod = FlowMod(command: .add, tableID: table, priority: 200)
                mod.cookie = 0xb0_0000 + UInt64(index)
                mod.match = Match([OXMField(.ethType, 0x0806), OXMField(.arpTPA, 0xc0a8_0000 + UInt128(index))])
                mod.instructions = [.applyActions([.output(port: PortNumber(1))])]
                return .flowMod(mod)
            }
            try await handle.bundle((0..<500).map { flow($0) })
            #expect(try await handle.flows().count == 500)

            var refused = (500..<600).map { flow($0) }
            refused.insert(flow(999, table: 255), at: 42)
            do {
                try await handle.bundle(refused)
                Issue.record("a bundle with an invalid flow was committed")
            } catch ControllerError.bundleFailed(let failure) {
                #expect(failure.failedMessage?.index == 42)
                #expect(failure.failedMessage?.type == .flowMod)
            }
            #expect(try await handle.flows().count == 500)
            let dump = try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"])
            #expect(dump.split(separator: "\n").filter { $0.contains("cookie=0xb") }.count == 500)
            #expect(!dump.contains("cookie=0xb00258"))  // the first flow of the refused bundle

            // Streamed in batches, with other traffic in between: a refusal in the third batch is
            // reported by its index across batches; a discarded stream changes nothing either.
            let stream = handle.openBundle()
            stream.add(contentsOf: (600..<700).map { flow($0) })
            try await handle.barrier()
            stream.add(contentsOf: (700..<800).map { flow($0) })
            stream.add(contentsOf: [flow(1_000), flow(1_001, table: 255)])
            do {
                try await stream.commit()
                Issue.record("a streamed bundle with an invalid flow was committed")
            } catch ControllerError.bundleFailed(let failure) {
                #expect(failure.failedMessage?.index == 201)
            }
            let dropped = handle.openBundle()
            dropped.add(contentsOf: (600..<700).map { flow($0) })
            try await dropped.discard()
            let streamed = handle.openBundle()
            for batch in 0..<4 { streamed.add(contentsOf: (600 + batch * 50..<650 + batch * 50).map { flow($0) }) }
            try await streamed.commit()
            #expect(try await handle.flows().count == 700)
        }
    }

    @Test("a frozen switch (SIGSTOP) is dropped within echo interval + timeout")
    func frozenSwitch() async throws {
        var configuration = Controller.Configuration()
        configuration.echoInterval = .milliseconds(500)
        configuration.echoTimeout = .milliseconds(500)
        try await withController(configuration) { controller, port in
            try await withSandbox { sandbox in
                try await sandbox.addBridge("br0", extra: ["set-controller", "br0", "tcp:127.0.0.1:\(port)"])
                _ = try await controller.waitForSwitches(count: 1)
                let pid = try #require(sandbox.status().vswitchdPID)
                kill(pid, SIGSTOP)
                defer { kill(pid, SIGCONT) }
                let frozenAt = ContinuousClock.now
                while !controller.switches.isEmpty, ContinuousClock.now - frozenAt < .seconds(5) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let detected = ContinuousClock.now - frozenAt
                #expect(controller.switches.isEmpty)
                // interval + timeout = 1 s; up to 1.5 s more for timers firing late on a loaded
                // machine (seen at 2.0 s with the other core busy). Without keepalive it would
                // never be dropped: the socket stays open while the process is stopped.
                #expect(detected < .milliseconds(2500), "took \(detected)")
                kill(pid, SIGCONT)
                _ = try await controller.waitForSwitches(count: 1, timeout: .seconds(20))
            }
        }
    }

    @Test("garbage on one connection gets an OFPT_ERROR and a close; the switch keeps working")
    func malformedPeer() async throws {
        try await withController { controller, port in
            try await withSandbox { sandbox in
                try await sandbox.addBridge("br0", extra: ["set-controller", "br0", "tcp:127.0.0.1:\(port)"])
                let handle = try #require(try await controller.waitForSwitches(count: 1).first)

                for garbage: [UInt8] in [
                    [0x05, 0x00, 0x00, 0x04, 0, 0, 0, 1],  // length below 8
                    [0x05, 0x00, 0x00, 0x10, 0, 0, 0, 2, 0xff, 0xff, 0, 1, 0, 0, 0, 0],  // bad hello element
                ] {
                    let peer = try RawPeer(port: port)
                    let hello = try peer.readMessage()
                    #expect(hello.first == 0x05 && hello.count >= 8 && hello[1] == 0)
                    try peer.write([0x05, 0x00, 0x00, 0x08, 0, 0, 0, 9] + garbage)
                    var sawError = false
                    while let message = try? peer.readMessage() {
                        if message[1] == 1 { sawError = true }
                    }
                    #expect(sawError, "no OFPT_ERROR for \(garbage)")
                    #expect(peer.isClosedByPeer())
                }
                try await handle.barrier()
                #expect(controller.switches.count == 1)
            }
        }
    }
}

/// A bare TCP client for feeding a controller bytes no real switch would send.
final class RawPeer {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard result == 0 else { throw RawPeerError.io("connect failed: errno \(errno)") }
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == bytes.count else { throw RawPeerError.io("short write") }
    }

    func readExactly(_ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        while result.count < count {
            var chunk = [UInt8](repeating: 0, count: count - result.count)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw RawPeerError.closed }
            result += chunk[0..<n]
        }
        return result
    }

    /// One whole OpenFlow message (header included).
    func readMessage() throws -> [UInt8] {
        let header = try readExactly(8)
        let length = Int(header[2]) << 8 | Int(header[3])
        return header + (length > 8 ? try readExactly(length - 8) : [])
    }

    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}

enum RawPeerError: Error {
    case io(String)
    case closed
}
