import Foundation
import OVSDB

/// Runs a transaction against a cache the way ovsdb-server would for the operations the planner
/// emits (wait, insert with uuid-names, update, mutate, select), including garbage collection of
/// unreferenced Open_vSwitch rows: the unit tests' stand-in for a server.
struct TransactionSimulator {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func apply(_ operations: [DBOperation], to cache: DatabaseCache) throws -> DatabaseCache {
        var tables = cache.tables
        var names: [String: UUID] = [:]
        func resolve(_ datum: Datum) -> Datum {
            func atom(_ a: Atom) -> Atom {
                if case .namedUUID(let name) = a, let uuid = names[name] { return .uuid(uuid) }
                return a
            }
            switch datum {
            case .set(let atoms): return .setOf(atoms.map(atom))
            case .map(let entries): return .mapOf(entries.map { (atom($0.key), atom($0.value)) })
            }
        }
        func matching(_ table: String, _ conditions: [Condition]) -> [UUID] {
            (tables[table] ?? [:]).filter { uuid, row in
                conditions.allSatisfy { condition in
                    let value = condition.column == "_uuid" ? Datum.set([.uuid(uuid)]) : row[condition.column] ?? .empty
                    return value == resolve(condition.value)
                }
            }.map(\.key)
        }
        // uuid-names are bound before use: inserts first, in order.
        for case .insert(_, _, let name?) in operations { names[name] = UUID() }
        for operation in operations {
            switch operation {
            case .wait(let table, let conditions, let columns, _, let rows, _):
                let found = matching(table, conditions).compactMap { uuid in
                    tables[table]?[uuid].map { row in
                        Dictionary(uniqueKeysWithValues: columns.map { ($0, row[$0] ?? .empty) })
                    }
                }
                let expected = rows.map { $0.mapValues(normalize) }
                guard found.map({ $0.mapValues(normalize) }) == expected else {
                    throw Failure(description: "wait on \(table) failed")
                }
            case .insert(let table, let row, let name):
                let uuid = name.flatMap { names[$0] } ?? UUID()
                var full = cache.defaultRow(table)
                for (column, value) in row { full[column] = resolve(value) }
                tables[table, default: [:]][uuid] = full
            case .update(let table, let conditions, let row):
                for uuid in matching(table, conditions) {
                    for (column, value) in row { tables[table]?[uuid]?[column] = resolve(value) }
                }
            case .mutate(let table, let conditions, let mutations):
                for uuid in matching(table, conditions) {
                    for mutation in mutations {
                        let current = tables[table]?[uuid]?[mutation.column] ?? .empty
                        tables[table]?[uuid]?[mutation.column] = mutate(
                            current, mutation.mutator, resolve(mutation.value))
                    }
                }
            case .select, .comment: break
            default: throw Failure(description: "unexpected \(operation.name)")
            }
        }
        collectGarbage(&tables)
        var result = DatabaseCache(schema: cache.schema)
        var updates: [String: [UUID: RowUpdate]] = [:]
        for (table, rows) in tables { for (uuid, row) in rows { updates[table, default: [:]][uuid] = .initial(row) } }
        try result.apply(TableUpdates(updates))
        return result
    }

    static func normalize(_ datum: Datum) -> Datum { datum.isEmpty ? .empty : datum }

    static func mutate(_ current: Datum, _ mutator: Mutation.Mutator, _ value: Datum) -> Datum {
        switch (mutator, current, value) {
        case (.insert, .set(let a), .set(let b)): return .setOf(a + b)
        case (.delete, .set(let a), .set(let b)): return .setOf(a.filter { !b.contains($0) })
        case (.add, .set(let a), .set(let b)):
            return .set([.integer((a.first?.integerValue ?? 0) + (b.first?.integerValue ?? 0))])
        default: return current
        }
    }

    /// Rows of non-root tables that nothing refers to any more go away, repeatedly.
    static func collectGarbage(_ tables: inout [String: [UUID: Row]]) {
        let references: [(from: String, column: String, to: String)] = [
            ("Open_vSwitch", "bridges", "Bridge"), ("Bridge", "ports", "Port"), ("Bridge", "mirrors", "Mirror"),
            ("Bridge", "controller", "Controller"), ("Port", "interfaces", "Interface"),
        ]
        var changed = true
        while changed {
            changed = false
            for target in ["Bridge", "Port", "Mirror", "Controller", "Interface"] {
                var referenced = Set<UUID>()
                for reference in references where reference.to == target {
                    for row in (tables[reference.from] ?? [:]).values {
                        referenced.formUnion(row[reference.column]?.uuids ?? [])
                    }
                }
                for uuid in (tables[target] ?? [:]).keys where !referenced.contains(uuid) {
                    tables[target]?[uuid] = nil
                    changed = true
                }
            }
        }
    }
}

extension DatabaseCache {
    /// Every column of `table` at its default.
    func defaultRow(_ table: String) -> Row {
        var row: Row = [:]
        for (name, column) in schema.tables[table]?.columns ?? [:] { row[name] = Datum.defaultValue(for: column.type) }
        return row
    }
}
