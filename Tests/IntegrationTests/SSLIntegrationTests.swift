import Foundation
import OVSDB
import OVSDBClient
import OVSSandbox
import TLSCredentials
import TestSupport
import Testing

/// A throwaway PKI made with openssl: one CA that signs both the server's and the client's
/// certificates (as ovs-pki does with its switch and controller CAs).
struct TestPKI {
    let directory: String
    var caCertificate: String { directory + "/ca.pem" }
    func key(_ name: String) -> String { directory + "/\(name).key" }
    func certificate(_ name: String) -> String { directory + "/\(name).pem" }

    static func make(in directory: String, names: [String]) async throws -> TestPKI {
        let openssl = try ExecutableSearch.require("openssl", package: "openssl")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pki = TestPKI(directory: directory)
        try await Command(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory + "/ca.key", "-out",
                pki.caCertificate, "-days", "2", "-subj", "/CN=switchboard test CA",
            ]
        ).check()
        for (index, name) in names.enumerated() {
            try await Command(
                openssl,
                [
                    "req", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.key(name), "-out",
                    directory + "/\(name).csr",
                    "-subj", "/CN=\(name)",
                ]
            ).check()
            try await Command(
                openssl,
                [
                    "x509", "-req", "-in", directory + "/\(name).csr", "-CA", pki.caCertificate, "-CAkey",
                    directory + "/ca.key", "-set_serial", String(index + 2), "-out", pki.certificate(name), "-days",
                    "2",
                ]
            ).check()
        }
        return pki
    }
}

@Suite("OVSDB over ssl:", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct SSLIntegrationTests {
    @Test("client certificate, key and CA: list_dbs and a replica over ssl:; a wrong CA is refused")
    func ssl() async throws {
        try await withSandbox { sandbox in
            let pki = try await TestPKI.make(in: sandbox.directory, names: ["server", "client", "stranger"])
            let port = try await freeTCPPort()
            try await sandbox.vsctl(["set-ssl", pki.key("server"), pki.certificate("server"), pki.caCertificate])
            try await sandbox.vsctl(["set-manager", "pssl:\(port):127.0.0.1"])
            let files = TLSFiles(
                privateKey: pki.key("client"), certificate: pki.certificate("client"), caCertificate: pki.caCertificate)
            let target = OVSDBTarget.ssl(host: "127.0.0.1", port: port)
            // The server opens the listener once it has read the new configuration.
            var connection: OVSDBConnection?
            for _ in 0..<100 where connection == nil {
                connection = try? await OVSDBConnection.connect(to: target, tls: files)
                if connection == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let ssl = try #require(connection)
            #expect(try await ssl.listDatabases().contains("Open_vSwitch"))
            await ssl.close()

            let replica = Replica(Replica.Configuration(target: target, tls: files))
            try await replica.start()
            try await sandbox.vsctl(["--no-wait", "add-br", "br-ssl"])
            try await replica.wait { $0.bridge(named: "br-ssl") != nil }
            await replica.stop()

            // A client that trusts a CA which did not sign the server's certificate is refused.
            let otherCA = try await TestPKI.make(in: sandbox.directory + "/other", names: [])
            let untrusting = TLSFiles(
                privateKey: pki.key("client"), certificate: pki.certificate("client"),
                caCertificate: otherCA.caCertificate)
            await #expect(throws: OVSDBClientError.self) {
                let connection = try await OVSDBConnection.connect(to: target, tls: untrusting)
                _ = try await connection.listDatabases()
            }
            // ssl: without key files is a clear local error.
            await #expect(
                throws: OVSDBClientError.tls("ssl: targets need a private key, a certificate and a CA certificate")
            ) {
                _ = try await OVSDBConnection.connect(to: target)
            }
        }
    }
}
