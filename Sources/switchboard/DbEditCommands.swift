import ArgumentParser
import Foundation
import OVSDB
import OVSDBClient

/// `db set/add/remove/clear`: one transaction each, planned against the replica and validated
/// against the schema before it is sent.
extension DbCommand {
    struct DbSet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set COLUMN[:KEY]=VALUE on a record.")
        @OptionGroup var connection: Connection
        @Argument var table: String
        @Argument var record: String
        @Argument var assignments: [String]
        func run() async throws {
            let (table, record, assignments) = (self.table, self.record, self.assignments)
            try await edit(connection, table, record) { name, uuid, row, schema in
                var update: Row = [:]
                var mutations: [Mutation] = []
                for assignment in assignments {
                    guard let equals = assignment.firstIndex(of: "=") else {
                        throw EditError("\(assignment): expected COLUMN[:KEY]=VALUE")
                    }
                    let target = String(assignment[..<equals])
                    let text = String(assignment[assignment.index(after: equals)...])
                    let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
                    let type = try columnType(schema, name, parts[0])
                    if parts.count == 2 {
                        guard let valueType = type.value else { throw EditError("\(name).\(parts[0]) is not a map") }
                        let key = try DatumText.parseAtom(parts[1], as: type.key)
                        let value = try DatumText.parseAtom(text, as: valueType)
                        // Replace one key: delete it, then insert the new pair (one transaction).
                        mutations.append(Mutation(parts[0], .delete, .set([key])))
                        mutations.append(Mutation(parts[0], .insert, .map([Datum.MapEntry(key, value)])))
                    } else {
                        update[parts[0]] = try DatumText.parse(text, as: type)
                    }
                }
                var operations: [DBOperation] = []
                if !update.isEmpty { operations.append(.update(table: name, where: [.uuid(uuid)], row: update)) }
                if !mutations.isEmpty {
                    operations.append(.mutate(table: name, where: [.uuid(uuid)], mutations: mutations))
                }
                return operations
            }
        }
    }

    struct DbAdd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add VALUEs to a set or map COLUMN of a record.")
        @OptionGroup var connection: Connection
        @Argument var table: String
        @Argument var record: String
        @Argument var column: String
        @Argument var values: [String]
        func run() async throws {
            let (table, record, column, values) = (self.table, self.record, self.column, self.values)
            try await edit(connection, table, record) { name, uuid, _, schema in
                let type = try columnType(schema, name, column)
                let datum = try DatumText.parse(values.joined(separator: ","), as: type)
                return [.mutate(table: name, where: [.uuid(uuid)], mutations: [Mutation(column, .insert, datum)])]
            }
        }
    }

    struct DbRemove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove VALUEs (or map KEYs) from a COLUMN of a record.")
        @OptionGroup var connection: Connection
        @Argument var table: String
        @Argument var record: String
        @Argument var column: String
        @Argument var values: [String]
        func run() async throws {
            let (table, record, column, values) = (self.table, self.record, self.column, self.values)
            try await edit(connection, table, record) { name, uuid, _, schema in
                let type = try columnType(schema, name, column)
                let text = values.joined(separator: ",")
                let datum: Datum
                if type.isMap, !text.contains("=") {
                    datum = try DatumText.parse(text, as: ColumnType(key: type.key, min: 0, max: .max))
                } else {
                    datum = try DatumText.parse(text, as: type)
                }
                return [.mutate(table: name, where: [.uuid(uuid)], mutations: [Mutation(column, .delete, datum)])]
            }
        }
    }

    struct DbClear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Set set or map COLUMNs of a record to empty.")
        @OptionGroup var connection: Connection
        @Argument var table: String
        @Argument var record: String
        @Argument var columns: [String]
        func run() async throws {
            let (table, record, columns) = (self.table, self.record, self.columns)
            try await edit(connection, table, record) { name, uuid, _, schema in
                var row: Row = [:]
                for column in columns {
                    let type = try columnType(schema, name, column)
                    guard type.min == 0 else { throw EditError("\(name).\(column) cannot be empty") }
                    row[column] = type.isMap ? .map([]) : .empty
                }
                return [.update(table: name, where: [.uuid(uuid)], row: row)]
            }
        }
    }
}

struct EditError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func columnType(_ schema: DatabaseSchema, _ table: String, _ column: String) throws -> ColumnType {
    guard let type = schema[table]?.columns[column]?.type else {
        throw EditError("table \(table) has no column \(column)")
    }
    return type
}

/// Resolves the record in a fresh snapshot and runs the planned operations as one transaction.
func edit(
    _ connection: DbCommand.Connection, _ table: String, _ record: String,
    _ plan: @escaping @Sendable (String, UUID, Row, DatabaseSchema) throws -> [DBOperation]
) async throws {
    try await connection.withVSwitch { vswitch -> Void in
        try await vswitch.run { snapshot throws(VSwitchError) in
            guard let name = snapshot.tableName(table) else { throw .invalid("unknown table \"\(table)\"") }
            guard let (uuid, row) = snapshot.record(name, record) else {
                throw .invalid("no row \"\(record)\" in table \(name)")
            }
            do { return try plan(name, uuid, row, snapshot.schema) } catch { throw .invalid("\(error)") }
        }
    }
}
