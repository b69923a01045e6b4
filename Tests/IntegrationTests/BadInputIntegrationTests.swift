import Foundation
import OVSDB
import OVSDBClient
import OVSSandbox
import Reconnection
import TestSupport
import Testing

/// Bad bytes from the server's side: each is a clear error, the connection is reset and
/// re-established, and the replica goes on matching the database.
@Suite("Bad input from the peer", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct BadInputIntegrationTests {
    static let oversized = Array(
        (#"{"id":null,"method":"update2","params":["x",""# + String(repeating: "a", count: 300_000) + "\"]}").utf8)

    @Test(
        "malformed JSON, an oversized message, a reply to an unknown id",
        arguments: [
            (Array(#"{"id":1,"result":[tru"#.utf8) + [0x7D], "malformed message from peer"),
            (oversized, "message from peer exceeds 262144 bytes"),
            (Array(#"{"id":424242,"result":[],"error":null}"#.utf8), "reply to unknown request id 424242"),
        ])
    func badBytes(bytes: [UInt8], expected: String) async throws {
        try await withSandbox { sandbox in
            let proxy = try await InjectingProxy.start(
                path: sandbox.directory + "/proxy.sock", upstream: sandbox.dbSocket)
            let replica = Replica(
                Replica.Configuration(
                    target: .unix(path: proxy.path), connection: .init(maximumMessageSize: 256 * 1024),
                    backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(200))))
            try await replica.start()
            let log = EventLog(await replica.events())
            try await proxy.inject(bytes)
            #expect(
                try await eventually {
                    log.all.contains { event in
                        if case .disconnected(let reason) = event { return reason.contains(expected) }
                        return false
                    }
                }, "events: \(log.all)")
            // Re-established through a new connection, and still in step with the server.
            try await sandbox.vsctl(["--no-wait", "add-br", "br-after"])
            try await replica.wait { $0.bridge(named: "br-after") != nil }
            #expect(proxy.connectionCount >= 2)
            #expect(await replica.synchronizations >= 2)
            await replica.stop()
            await proxy.close()
        }
    }

    @Test("a transaction in flight when the connection resets fails cleanly; nothing is half-written")
    func resetDuringTransaction() async throws {
        try await withSandbox { sandbox in
            let proxy = try await InjectingProxy.start(
                path: sandbox.directory + "/proxy.sock", upstream: sandbox.dbSocket)
            let connection = try await OVSDBConnection.connect(to: .unix(path: proxy.path))
            let schema = try await connection.schema("Open_vSwitch")
            // Blocks on the server (a wait that cannot succeed) until the connection dies.
            let pending = Task {
                try await connection.transact(
                    "Open_vSwitch",
                    [
                        .insert(table: "Bridge", row: ["name": "half"], uuidName: "b"),
                        .mutate(
                            table: "Open_vSwitch", where: [],
                            mutations: [Mutation("bridges", .insert, .set([.namedUUID("b")]))]),
                        .wait(
                            table: "Open_vSwitch", where: [], columns: ["next_cfg"], until: .equal,
                            rows: [["next_cfg": 12345]]),
                    ], validatingWith: schema)
            }
            try await Task.sleep(for: .milliseconds(200))
            try await proxy.inject(Array("not json".utf8))
            let result = await pending.result
            #expect(throws: OVSDBClientError.malformedMessage("unexpected byte 0x6e between JSON-RPC messages")) {
                try result.get()
            }
            #expect(try await sandbox.vsctl(["list-br"]) == "")
            #expect(try await sandbox.vsctl(["--columns=name", "list", "bridge"]) == "")
            await proxy.close()
        }
    }
}
