import ArgumentParser
import Foundation
import OVSDB
import OVSDBClient
import TLSCredentials

/// `switchboard db …`: the OVSDB client from the command line, in ovs-vsctl's syntax.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Read and change Open vSwitch's database over OVSDB (RFC 7047), like ovs-vsctl.",
        discussion: """
            Examples:
              switchboard db show --db unix:/tmp/sb/db.sock
              switchboard db list-ports br0
              switchboard db set port p1 tag=10
              switchboard db watch
            """,
        subcommands: [
            Show.self, ListBridges.self, ListPorts.self, List.self, Get.self, DbSet.self, DbAdd.self, DbRemove.self,
            DbClear.self, Dump.self, Watch.self, Transact.self, Bench.self,
        ]
    )

    struct Connection: ParsableArguments {
        @Option(
            name: .long,
            help: ArgumentHelp(
                "OVSDB server: unix:PATH, tcp:HOST:PORT, ssl:HOST:PORT, punix:PATH, ptcp:PORT[:HOST].",
                valueName: "TARGET"))
        var db: String = "unix:/var/run/openvswitch/db.sock"
        @Option(name: .long, help: ArgumentHelp("Private key (PEM) for ssl:.", valueName: "FILE"))
        var privateKey: String?
        @Option(name: .long, help: ArgumentHelp("Certificate (PEM) for ssl:.", valueName: "FILE"))
        var certificate: String?
        @Option(name: .long, help: ArgumentHelp("CA certificate (PEM) for ssl:.", valueName: "FILE"))
        var caCert: String?

        func target() throws(OVSDBClientError) -> OVSDBTarget { try OVSDBTarget(parsing: db) }

        var tls: TLSFiles? {
            guard let privateKey, let certificate, let caCert else { return nil }
            return TLSFiles(privateKey: privateKey, certificate: certificate, caCertificate: caCert)
        }

        /// Connects, replicates the database, runs `body`, disconnects; errors print and exit 1.
        func withVSwitch<T: Sendable>(
            columns: [String: [String]]? = nil, _ body: (VSwitch) async throws -> T
        )
            async throws -> T
        {
            let vswitch: VSwitch
            do {
                vswitch = try await VSwitch.connect(to: try target(), tls: tls, columns: columns)
            } catch {
                throw fail("\(error)")
            }
            do {
                let result = try await body(vswitch)
                await vswitch.close()
                return result
            } catch let exit as ExitCode {
                await vswitch.close()
                throw exit
            } catch {
                await vswitch.close()
                throw fail("\(error)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the configuration tree, as ovs-vsctl show.")
        @OptionGroup var connection: Connection
        func run() async throws {
            try await connection.withVSwitch(columns: VSwitchShow.monitoredColumns) { vswitch in
                print(try await vswitch.show(), terminator: "")
                // A one-shot command ends here: freeing a replica of tens of thousands of rows and
                // closing the connection politely would only delay the exit (the OS does both).
                fflush(nil)
                Foundation.exit(0)
            }
        }
    }

    struct ListBridges: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-br", abstract: "List bridges by name.")
        @OptionGroup var connection: Connection
        func run() async throws {
            let names = try await connection.withVSwitch(columns: ["Bridge": ["name"]]) {
                try await $0.snapshot.bridges.map(\.name)
            }
            for name in names { print(name) }
        }
    }

    struct ListPorts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-ports", abstract: "List a bridge's ports (without its local port).")
        @OptionGroup var connection: Connection
        @Argument var bridge: String
        func run() async throws {
            let bridge = self.bridge
            let names = try await connection.withVSwitch(columns: ["Bridge": ["name", "ports"], "Port": ["name"]]) {
                vswitch in
                let snapshot = try await vswitch.snapshot
                guard let row = snapshot.bridge(named: bridge) else { throw fail("no bridge named \(bridge)") }
                return snapshot.ports(of: row).map(\.name).filter { $0 != bridge }
            }
            for name in names { print(name) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List records of a table (all, or those named).")
        @OptionGroup var connection: Connection
        @Argument var table: String
        @Argument var records: [String] = []
        func run() async throws {
            let (table, records) = (self.table, self.records)
            let text = try await connection.withVSwitch { vswitch in
                let snapshot = try await vswitch.snapshot
                let name = try resolveTable(table, in: snapshot)
                let rows =
                    try records.isEmpty
                    ? snapshot.sortedRecords(name) : records.map { try resolveRecord(name, $0, in: snapshot) }
                return snapshot.listing(name, records: rows)
            }
            print(text, terminator: "")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print COLUMN[:KEY] values of a record.")
        @OptionGroup var connection: Connection
        @Argument var table: String
        @Argument var record: String
        @Argument var columns: [String]
        func run() async throws {
            let (table, record, columns) = (self.table, self.record, self.columns)
            let lines = try await connection.withVSwitch { vswitch in
                let snapshot = try await vswitch.snapshot
                let name = try resolveTable(table, in: snapshot)
                let (uuid, row) = try resolveRecord(name, record, in: snapshot)
                return try columns.map { spec in
                    try valueText(table: name, uuid: uuid, row: row, spec: spec, snapshot: snapshot)
                }
            }
            for line in lines { print(line) }
        }
    }

    struct Dump: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the whole database as JSON (one table per line).")
        @OptionGroup var connection: Connection
        func run() async throws {
            let lines = try await connection.withVSwitch { vswitch in
                let snapshot = try await vswitch.snapshot
                return snapshot.tables.keys.sorted().map { table in
                    var rows: [String: JSON] = [:]
                    for (uuid, row) in snapshot.rows(table) { rows[uuid.ovsdbString] = DBOperation.json(row: row) }
                    return JSON.object([table: .object(rows)]).serialized()
                }
            }
            for line in lines { print(line) }
        }
    }

    struct Transact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a transaction: a JSON array of operations (or [\"DB\", op, …]); prints the results.")
        @OptionGroup var connection: Connection
        @Argument var json: String
        func run() async throws {
            let text = json
            let output: String = try await connection.withVSwitch { vswitch in
                guard case .array(var items) = try JSON.parse(text) else {
                    throw fail("expected a JSON array of operations")
                }
                if case .string = items.first { items.removeFirst() }
                let operations = try items.map { try DBOperation(json: $0) }
                guard let connection = await vswitch.replica.connection else { throw fail("not connected") }
                let schema = try await vswitch.snapshot.schema
                let results = try await connection.transact("Open_vSwitch", operations, validatingWith: schema)
                return JSON.array(results.map(resultJSON)).serialized()
            }
            print(output)
        }
    }
}

func resultJSON(_ result: OperationResult) -> JSON {
    var object: [String: JSON] = [:]
    if let uuid = result.uuid { object["uuid"] = Atom.uuid(uuid).json }
    if let rows = result.rows { object["rows"] = .array(rows.map(DBOperation.json(row:))) }
    if let count = result.count { object["count"] = .integer(Int64(count)) }
    if let error = result.error { object["error"] = .string(error) }
    if let details = result.details { object["details"] = .string(details) }
    return .object(object)
}

func resolveTable(_ typed: String, in snapshot: DatabaseCache) throws -> String {
    guard let name = snapshot.tableName(typed) else { throw fail("unknown table \"\(typed)\"") }
    return name
}

func resolveRecord(_ table: String, _ identifier: String, in snapshot: DatabaseCache) throws -> (UUID, Row) {
    guard let record = snapshot.record(table, identifier) else {
        throw fail("no row \"\(identifier)\" in table \(table)")
    }
    return record
}

/// `COLUMN` or `COLUMN:KEY` of a record, as ovs-vsctl get prints it.
func valueText(table: String, uuid: UUID, row: Row, spec: String, snapshot: DatabaseCache) throws -> String {
    let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
    let column = parts[0]
    if column == "_uuid" { return uuid.ovsdbString }
    guard let type = snapshot.schema[table]?.columns[column]?.type else {
        throw fail("table \(table) has no column \(column)")
    }
    let value = row[column] ?? Datum.defaultValue(for: type)
    guard parts.count == 2 else { return value.formatted(as: type) }
    guard type.isMap else { throw fail("\(table).\(column) is not a map") }
    let key: Atom
    do { key = try DatumText.parseAtom(parts[1], as: type.key) } catch { throw fail("\(error)") }
    guard let found = value[key] else {
        throw fail("no key \"\(parts[1])\" in \(table) record \"\(uuid.ovsdbString)\" column \(column)")
    }
    return found.description
}
