import Foundation
import OVSDB
import OVSDBClient
import OVSSandbox
import Synchronization
import TestSupport
import Testing

/// Collects a replica's events in the background.
final class EventLog: Sendable {
    private let events = Mutex<[ReplicaEvent]>([])
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    init(_ stream: AsyncStream<ReplicaEvent>) {
        let task = Task { [self] in
            for await event in stream { self.record(event) }
        }
        self.task.withLock { $0 = task }
    }

    private func record(_ event: ReplicaEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [ReplicaEvent] { events.withLock { $0 } }

    /// Every row change seen so far, in order.
    var changes: [RowChange] {
        all.flatMap { event -> [RowChange] in
            if case .changes(let changes) = event { return changes }
            return []
        }
    }

    func inserts(of table: String) -> [String] {
        changes.filter { $0.table == table && $0.kind == .insert }.compactMap { $0.new?["name"]?.scalar?.stringValue }
    }

    func deletes(of table: String) -> [String] {
        changes.filter { $0.table == table && $0.kind == .delete }.compactMap { $0.old?["name"]?.scalar?.stringValue }
    }
}

@Suite(
    "Replica against a real ovsdb-server", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct ReplicaIntegrationTests {
    @Test("changes made with ovs-vsctl appear in the replica and its change stream")
    func seesVsctlChanges() async throws {
        try await withSandbox { sandbox in
            let replica = try await sandbox.replica()
            let log = EventLog(await replica.events())
            try await sandbox.vsctl(["--no-wait", "add-br", "br1", "--", "set", "bridge", "br1", "datapath_type=dummy"])
            try await sandbox.vsctl(["--no-wait", "add-port", "br1", "p1", "--", "set", "port", "p1", "tag=10"])
            let snapshot = try await replica.wait(timeout: .seconds(5)) { cache in
                cache.rows("Port", where: "name", is: "p1").first?.1["tag"] == 10
            }
            let bridge = try #require(snapshot.rows("Bridge", where: "name", is: "br1").first?.1)
            #expect(bridge["datapath_type"] == "dummy")
            #expect(bridge["ports"]?.count == 2)
            #expect(try await eventually(timeout: .seconds(2)) { log.inserts(of: "Port").sorted() == ["br1", "p1"] })
            try await sandbox.vsctl(["--no-wait", "del-port", "br1", "p1"])
            #expect(try await eventually(timeout: .seconds(5)) { log.deletes(of: "Port") == ["p1"] })
            await replica.stop()
        }
    }

    @Test("monitoring selected tables and columns keeps only those")
    func selectedColumns() async throws {
        try await withSandbox { sandbox in
            try await sandbox.vsctl(["--no-wait", "add-br", "br1"])
            let replica = try await sandbox.replica(tables: ["Bridge": MonitorRequest(columns: ["name", "fail_mode"])])
            let snapshot = try #require(await replica.snapshot)
            #expect(snapshot.tables.keys.sorted() == ["Bridge"])
            #expect(snapshot.rows("Bridge").first?.value.keys.sorted() == ["fail_mode", "name"])
            await replica.stop()
        }
    }

    @Test("ovsdb-server killed and restarted mid-monitor: the replica resyncs, no change lost or doubled")
    func restartResync() async throws {
        try await withSandbox { sandbox in
            let replica = try await sandbox.replica()
            let log = EventLog(await replica.events())
            try await sandbox.vsctl(["--no-wait", "add-br", "br1"])
            try await replica.wait { $0.rows("Bridge", where: "name", is: "br1").count == 1 }

            await sandbox.killOVSDBServer()
            #expect(try await eventually { log.all.contains { if case .disconnected = $0 { true } else { false } } })
            try await sandbox.startOVSDBServer()
            // Changes while the replica is (re)connecting: it must see each exactly once.
            try await sandbox.vsctl(["--no-wait", "add-br", "br2"])
            try await sandbox.vsctl(["--no-wait", "del-br", "br1"])
            try await sandbox.vsctl(["--no-wait", "add-br", "br3"])
            try await replica.wait(timeout: .seconds(15)) { cache in
                Set(cache.rows("Bridge").values.compactMap { $0["name"]?.scalar?.stringValue }) == ["br2", "br3"]
            }
            #expect(await replica.synchronizations >= 2)
            // Give stray duplicates a chance to show up before counting.
            try await Task.sleep(for: .milliseconds(300))
            #expect(log.inserts(of: "Bridge").sorted() == ["br1", "br2", "br3"])
            #expect(log.deletes(of: "Bridge") == ["br1"])
            // The replica matches the server exactly.
            let names = try await sandbox.lines(["list-br"])
            let snapshot = try #require(await replica.snapshot)
            #expect(snapshot.rows("Bridge").values.compactMap { $0["name"]?.scalar?.stringValue }.sorted() == names)
            await replica.stop()
        }
    }

    @Test("two writers racing read-modify-write on one bridge: no lost update (the loser retries)")
    func racingWriters() async throws {
        try await withSandbox { sandbox in
            try await sandbox.vsctl([
                "--no-wait", "add-br", "br0", "--", "set", "bridge", "br0", "external_ids:count=0",
            ])
            let first = try await sandbox.replica()
            let second = try await sandbox.replica()
            let rounds = 15
            @Sendable func increment(_ replica: Replica) async throws -> Int {
                var attempts = 0
                for _ in 0..<rounds {
                    let outcome = try await replica.transact(maxAttempts: 50) { transaction throws(OVSDBClientError) in
                        guard let (uuid, row) = transaction.snapshot.rows("Bridge", where: "name", is: "br0").first
                        else {
                            throw .unexpectedResponse(method: "test", "no br0")
                        }
                        var ids = row["external_ids"]?.stringDictionary ?? [:]
                        let count = Int(ids["count"] ?? "0") ?? 0
                        ids["count"] = String(count + 1)
                        transaction.verify("Bridge", uuid, columns: ["external_ids"])
                        transaction.add(
                            .update(table: "Bridge", where: [.uuid(uuid)], row: ["external_ids": .stringMap(ids)]))
                    }
                    attempts += outcome.attempts
                }
                return attempts
            }
            async let a = increment(first)
            async let b = increment(second)
            let attempts = try await a + b
            #expect(try await sandbox.vsctl(["get", "bridge", "br0", "external_ids:count"]) == "\"\(2 * rounds)\"\n")
            // Not a requirement, but the race should have been real.
            print("racing writers: \(2 * rounds) increments took \(attempts) attempts")
            await first.stop()
            await second.stop()
        }
    }
}
