import ArgumentParser
import Foundation
import OVSDB
import OVSDBClient

extension DbCommand {
    /// Prints every change as it happens, one line per row change, until interrupted (or `--count`).
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print changes to the database live.")
        @OptionGroup var connection: Connection
        @Option(help: "Stop after this many row changes.") var count: Int?

        func run() async throws {
            let limit = count
            try await connection.withVSwitch { vswitch in
                let events = await vswitch.replica.events()
                emit("watching \(try connection.target()) (Ctrl-C to stop)")
                var seen = 0
                for await event in events {
                    switch event {
                    case .synchronized(let resumed): emit(resumed ? "resynchronised (resumed)" : "synchronised")
                    case .disconnected(let reason): emit("disconnected: \(reason); reconnecting")
                    case .changes(let changes):
                        for change in changes {
                            emit(describe(change, schema: try await vswitch.snapshot.schema))
                            seen += 1
                        }
                    }
                    if let limit, seen >= limit { break }
                }
            }
        }
    }
}

/// `insert Bridge br0 (uuid)` followed by `  column: old -> new` for each changed column.
func describe(_ change: RowChange, schema: DatabaseSchema) -> String {
    let row = change.new ?? change.old ?? [:]
    let nameColumn = DatabaseCache.nameColumn(of: change.table)
    let name = nameColumn.flatMap { row[$0]?.scalar?.description }.map { " " + $0 } ?? ""
    var lines = ["\(change.kind.rawValue) \(change.table)\(name) (\(change.uuid.ovsdbString))"]
    if change.kind == .modify, let tableSchema = schema[change.table] {
        for column in change.changedColumns.sorted() {
            guard let type = tableSchema.columns[column]?.type else { continue }
            let old = (change.old?[column] ?? Datum.defaultValue(for: type)).formatted(as: type)
            let new = (change.new?[column] ?? Datum.defaultValue(for: type)).formatted(as: type)
            lines.append("  \(column): \(old) -> \(new)")
        }
    }
    return lines.joined(separator: "\n")
}

/// Unbuffered: `watch` output is read live, often through a pipe.
func emit(_ line: String) {
    FileHandleOutput.standardOutput(line)
}
