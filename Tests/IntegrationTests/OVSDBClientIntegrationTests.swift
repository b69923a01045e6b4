import Foundation
import NIOPosix
import OVSDB
import OVSDBClient
import OVSSandbox
import TestSupport
import Testing

@Suite(
    "OVSDB client against a real ovsdb-server",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct OVSDBClientIntegrationTests {
    @Test("list_dbs, get_schema, echo, get_server_id over unix: and tcp:")
    func basics() async throws {
        let port = try await freeTCPPort()
        try await withSandbox(Sandbox.Options(ovsdbTCPPort: port)) { sandbox in
            for target in [OVSDBTarget.unix(path: sandbox.dbSocket), .tcp(host: "127.0.0.1", port: port)] {
                let connection = try await OVSDBConnection.connect(to: target)
                #expect(try await connection.listDatabases().contains("Open_vSwitch"))
                let schema = try await connection.schema("Open_vSwitch")
                #expect(schema["Bridge"]?["fail_mode"]?.type.key.enumeration == ["secure", "standalone"])
                #expect(try await connection.echo(["ping", 1]) == ["ping", 1])
                #expect(try await connection.serverID().count == 36)
                try await connection.setDatabaseChangeAware()
                await #expect(throws: OVSDBClientError.self) { try await connection.schema("Nope") }
                await connection.close()
            }
        }
    }

    @Test("transact with every operation kind; ovs-vsctl sees the result")
    func transactOperations() async throws {
        try await withSandbox { sandbox in
            let connection = try await sandbox.connect()
            let schema = try await connection.schema("Open_vSwitch")
            let root = try #require(
                try await connection.transact(
                    "Open_vSwitch", [.select(table: "Open_vSwitch", where: [], columns: ["_uuid"])]
                )
                .first?.rows?.first?["_uuid"]?.scalar?.uuidValue)
            let operations: [DBOperation] = [
                .comment("switchboard test"),
                .insert(table: "Interface", row: ["name": "br9", "type": "internal"], uuidName: "iface"),
                .insert(
                    table: "Port", row: ["name": "br9", "interfaces": .set([.namedUUID("iface")])], uuidName: "port"),
                .insert(
                    table: "Bridge",
                    row: ["name": "br9", "ports": .set([.namedUUID("port")]), "datapath_type": "dummy"],
                    uuidName: "bridge"),
                .mutate(
                    table: "Open_vSwitch", where: [.uuid(root)],
                    mutations: [
                        Mutation("bridges", .insert, .set([.namedUUID("bridge")])), Mutation("next_cfg", .add, 1),
                    ]),
                .wait(
                    table: "Open_vSwitch", where: [.uuid(root)], columns: ["_uuid"], until: .equal,
                    rows: [["_uuid": .atom(.uuid(root))]], timeout: 0),
                .commit(durable: false),
            ]
            let results = try await connection.transact("Open_vSwitch", operations, validatingWith: schema)
            #expect(results.count == operations.count)
            #expect(results[3].uuid != nil)
            #expect(try await sandbox.lines(["list-br"]) == ["br9"])

            let update = try await connection.transact(
                "Open_vSwitch",
                [.update(table: "Bridge", where: [Condition("name", .equal, "br9")], row: ["fail_mode": "secure"])])
            #expect(update.first?.count == 1)
            #expect(try await sandbox.vsctl(["get", "bridge", "br9", "fail_mode"]) == "secure\n")

            let select = try await connection.transact(
                "Open_vSwitch",
                [.select(table: "Bridge", where: [Condition("name", .equal, "br9")], columns: ["fail_mode"])])
            #expect(select.first?.rows == [["fail_mode": "secure"]])

            let deleted = try await connection.transact(
                "Open_vSwitch",
                [
                    .mutate(
                        table: "Open_vSwitch", where: [],
                        mutations: [Mutation("bridges", .delete, .set([.uuid(try #require(results[3].uuid))]))]),
                    .delete(table: "Bridge", where: [Condition("name", .equal, "br9")]),
                ])
            #expect(deleted.last?.count == 1)
            #expect(try await sandbox.vsctl(["list-br"]) == "")
        }
    }

    @Test("a failing operation rolls the whole transaction back and names the operation")
    func failure() async throws {
        try await withSandbox { sandbox in
            let connection = try await sandbox.connect()
            await #expect(
                throws: OVSDBClientError.transactionFailed(
                    index: 1, operation: "abort", error: "aborted", details: "aborted by request")
            ) {
                try await connection.transact("Open_vSwitch", [.insert(table: "Bridge", row: ["name": "x"]), .abort])
            }
            let unknownRow = UUID()
            do {
                _ = try await connection.transact(
                    "Open_vSwitch",
                    [.insert(table: "Port", row: ["name": "p", "interfaces": .set([.uuid(unknownRow)])])])
                Issue.record("a reference to a missing row must fail")
            } catch let error as OVSDBClientError {
                guard case .transactionFailed(_, _, let message, _) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(message == "referential integrity violation")
            }
            let bridges = try await connection.transact("Open_vSwitch", [.select(table: "Bridge", where: [])])
            #expect(bridges.first?.rows?.isEmpty == true)
        }
    }

    @Test("a transaction that does not fit the schema is refused locally, naming table, column and value")
    func localValidation() async throws {
        try await withSandbox { sandbox in
            let connection = try await sandbox.connect()
            let schema = try await connection.schema("Open_vSwitch")
            await #expect(
                throws: OVSDBClientError.invalidTransaction(
                    .notInEnum(
                        table: "Bridge", column: "fail_mode", value: "\"open\"",
                        allowed: ["\"secure\"", "\"standalone\""]))
            ) {
                try await connection.transact(
                    "Open_vSwitch", [.insert(table: "Bridge", row: ["name": "b", "fail_mode": "open"])],
                    validatingWith: schema)
            }
            await #expect(
                throws: OVSDBClientError.invalidTransaction(
                    .outOfRange(table: "Port", column: "tag", value: "5000", range: "0...4095"))
            ) {
                try await connection.transact(
                    "Open_vSwitch", [.insert(table: "Port", row: ["name": "p", "tag": 5000])], validatingWith: schema)
            }
            #expect(try await sandbox.vsctl(["list-br"]) == "")
        }
    }

    @Test("1,000 concurrent calls on one connection each get their own reply")
    func concurrentCalls() async throws {
        try await withSandbox { sandbox in
            let connection = try await sandbox.connect()
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask { try await connection.echo([.integer(Int64(index))]) == [.integer(Int64(index))] }
                }
                var matched = 0
                for try await ok in group where ok { matched += 1 }
                #expect(matched == 1000)
            }
        }
    }

    @Test("monitor, monitor_cond and monitor_cond_since all see an ovs-vsctl change; monitor_cancel stops it")
    func monitors() async throws {
        try await withSandbox { sandbox in
            let connection = try await sandbox.connect()
            let request = ["Bridge": MonitorRequest(columns: ["name"])]
            let initial = try await connection.monitor("Open_vSwitch", id: "m1", request)
            #expect(initial.isEmpty)
            _ = try await connection.monitorConditional(
                "Open_vSwitch", id: "m2",
                ["Bridge": MonitorRequest(columns: ["name"], conditions: [Condition("name", .equal, "brX")])])
            let since = try await connection.monitorConditionalSince(
                "Open_vSwitch", id: "m3", request, lastTransactionID: nil)
            #expect(since.updates.isEmpty)
            try await sandbox.vsctl(["--no-wait", "add-br", "brX"])
            var seen: Set<String> = []
            for await notification in connection.notifications {
                switch notification {
                case .update("m1", let updates): if updates.tables["Bridge"]?.count == 1 { seen.insert("update") }
                case .update2("m2", let updates): if updates.tables["Bridge"]?.count == 1 { seen.insert("update2") }
                case .update3("m3", _, let updates): if updates.tables["Bridge"]?.count == 1 { seen.insert("update3") }
                default: break
                }
                if seen.count == 3 { break }
            }
            #expect(seen == ["update", "update2", "update3"])
            try await connection.monitorCancel(id: "m1")
            await #expect(throws: OVSDBClientError.self) { try await connection.monitorCancel(id: "m1") }
        }
    }

    @Test("lock, steal and unlock with locked/stolen notifications")
    func locks() async throws {
        try await withSandbox { sandbox in
            let first = try await sandbox.connect()
            let second = try await sandbox.connect()
            #expect(try await first.lock("switchboard"))
            #expect(try await second.lock("switchboard") == false)
            // OVSDB: a client waiting for a lock must give up the wait before stealing it.
            try await second.unlock("switchboard")
            try await second.steal("switchboard")
            var stolen = false
            for await notification in first.notifications {
                if case .stolen("switchboard") = notification {
                    stolen = true
                    break
                }
            }
            #expect(stolen)
            try await second.unlock("switchboard")
            try await first.unlock("switchboard")
            #expect(try await first.lock("switchboard"))
        }
    }

    @Test("the connection fails every outstanding call with a clear error when the server dies")
    func serverDies() async throws {
        try await withSandbox { sandbox in
            let connection = try await sandbox.connect()
            let waiting = Task {
                // A wait that never succeeds: the server holds it until it is cancelled or dies.
                try await connection.transact(
                    "Open_vSwitch",
                    [
                        .wait(
                            table: "Open_vSwitch", where: [], columns: ["next_cfg"], until: .equal,
                            rows: [["next_cfg": 999]])
                    ])
            }
            try await Task.sleep(for: .milliseconds(200))
            await sandbox.killOVSDBServer()
            let result = await waiting.result
            #expect(throws: OVSDBClientError.connectionClosed("closed by peer")) { try result.get() }
            await #expect(throws: OVSDBClientError.self) { try await connection.echo() }
        }
    }

    @Test("ptcp: and punix: — ovsdb-server, told by a Manager row to connect actively, reaches us")
    func passive() async throws {
        try await withSandbox { sandbox in
            let port = try await freeTCPPort()
            let listening = Task { try await OVSDBConnection.connect(to: .ptcp(port: port, host: "127.0.0.1")) }
            try await Task.sleep(for: .milliseconds(200))
            try await sandbox.vsctl(["set-manager", "tcp:127.0.0.1:\(port)"])
            let tcp = try await listening.value
            #expect(try await tcp.listDatabases().contains("Open_vSwitch"))
            await tcp.close()

            let path = sandbox.directory + "/switchboard.sock"
            let unixListening = Task { try await OVSDBConnection.connect(to: .punix(path: path)) }
            try await Task.sleep(for: .milliseconds(200))
            try await sandbox.vsctl(["set-manager", "unix:" + path])
            let unix = try await unixListening.value
            #expect(try await unix.echo(["hi"]) == ["hi"])
            await unix.close()
        }
    }

    @Test("a dead peer is detected by the echo probe")
    func deadPeer() async throws {
        // A listener that accepts and then says nothing, like a hung server.
        let directory = try makeTemporaryDirectory(prefix: "dp")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/silent.sock"
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(unixDomainSocketPath: path).get()
        let client = try await OVSDBConnection.connect(
            to: .unix(path: path), options: .init(probeInterval: .milliseconds(200)))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: OVSDBClientError.peerTimeout(seconds: 0.2)) { try await client.call("list_dbs", []) }
        #expect(clock.now - start < .seconds(3))
        try await silent.close()
    }
}
