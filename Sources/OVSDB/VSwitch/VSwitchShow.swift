import Foundation

/// The tree `ovs-vsctl show` prints, byte for byte, from a replica snapshot: the root row by uuid,
/// then, recursively, the rows each shown column refers to, and every other shown column that is
/// not at its default value. A table already being printed higher up the tree is printed by name
/// only, as ovs-vsctl does, so reference cycles end.
public enum VSwitchShow {
    struct TableSpec {
        var nameColumn: String?
        var columns: [String]
    }

    /// The same tables and columns, in the same order, as ovs-vsctl's show table.
    static let specs: [(table: String, spec: TableSpec)] = [
        ("Open_vSwitch", TableSpec(nameColumn: nil, columns: ["manager_options", "bridges", "ovs_version"])),
        ("Bridge", TableSpec(nameColumn: "name", columns: ["controller", "fail_mode", "datapath_type", "ports"])),
        ("Port", TableSpec(nameColumn: "name", columns: ["tag", "trunks", "interfaces"])),
        ("Interface", TableSpec(nameColumn: "name", columns: ["type", "options", "error", "bfd_status"])),
        ("Controller", TableSpec(nameColumn: "target", columns: ["is_connected"])),
        ("Manager", TableSpec(nameColumn: "target", columns: ["is_connected"])),
    ]

    /// The tables and columns `render` reads: all a replica needs to monitor for `show` (as
    /// ovs-vsctl does, which asks the server for just these).
    public static var monitoredColumns: [String: [String]] {
        var tables: [String: [String]] = [:]
        for (table, spec) in specs { tables[table] = (spec.nameColumn.map { [$0] } ?? []) + spec.columns }
        return tables
    }

    /// How one shown column is printed, worked out once per render rather than once per row.
    enum ColumnPlan {
        /// Each referenced row (of the table at that index in the plans), one level deeper.
        case references(column: String, table: Int)
        /// `column:` then `key=name of referenced row` lines.
        case namedMap(column: String, keyType: ColumnType, table: Int, nameColumn: String, nameType: ColumnType)
        /// `column: value` unless the value is the default.
        case value(column: String, type: ColumnType, defaultValue: Datum)
    }

    struct TablePlan {
        var table: String
        var rows: [UUID: Row]
        var name: (column: String, type: ColumnType, defaultValue: Datum)?
        var columns: [ColumnPlan]
    }

    public static func render(_ cache: DatabaseCache) -> String {
        // Tables by index (not name): the walk below runs once per row of a large database.
        let index = Dictionary(uniqueKeysWithValues: specs.enumerated().map { ($0.element.table, $0.offset) })
        var plans: [TablePlan] = []
        for (table, spec) in specs {
            var plan = TablePlan(table: table, rows: cache.rows(table), name: nil, columns: [])
            guard let schema = cache.schema[table] else {
                plans.append(plan)
                continue
            }
            if let nameColumn = spec.nameColumn, let type = schema.type(of: nameColumn) {
                plan.name = (nameColumn, type, Datum.defaultValue(for: type))
            }
            for column in spec.columns {
                guard let type = schema.type(of: column) else { continue }
                if type.key.type == .uuid, let refTable = type.key.refTable, let refIndex = index[refTable] {
                    plan.columns.append(.references(column: column, table: refIndex))
                } else if let valueType = type.value, valueType.type == .uuid, let refTable = valueType.refTable,
                    let refIndex = index[refTable], let refName = specs[refIndex].spec.nameColumn,
                    let nameType = cache.schema[refTable]?.type(of: refName)
                {
                    plan.columns.append(
                        .namedMap(
                            column: column, keyType: ColumnType(key: type.key), table: refIndex, nameColumn: refName,
                            nameType: nameType))
                } else {
                    plan.columns.append(.value(column: column, type: type, defaultValue: Datum.defaultValue(for: type)))
                }
            }
            plans.append(plan)
        }
        var output = ""
        output.reserveCapacity(cache.rowCount * 48)
        var shown = [Bool](repeating: false, count: plans.count)
        for uuid in cache.rows("Open_vSwitch").keys.sorted(by: { $0.ovsdbPrecedes($1) }) {
            row(table: 0, uuid: uuid, level: 0, plans: plans, shown: &shown, output: &output)
        }
        return output
    }

    static let indents = (0..<8).map { String(repeating: " ", count: $0 * 4) }

    static func indent(_ level: Int, _ output: inout String) {
        output += level < indents.count ? indents[level] : String(repeating: " ", count: level * 4)
    }

    static func row(
        table: Int, uuid: UUID, level: Int, plans: [TablePlan], shown: inout [Bool], output: inout String
    ) {
        guard let values = plans[table].rows[uuid] else { return }
        indent(level, &output)
        if let name = plans[table].name {
            output += plans[table].table
            output += " "
            output += (values[name.column] ?? name.defaultValue).formatted(as: name.type)
        } else {
            output += uuid.ovsdbString
        }
        output += "\n"
        guard !shown[table] else { return }
        shown[table] = true
        defer { shown[table] = false }
        for column in plans[table].columns {
            switch column {
            case .references(let name, let refTable):
                guard case .set(let atoms)? = values[name] else { continue }
                for reference in atoms {
                    guard case .uuid(let target) = reference else { continue }
                    row(table: refTable, uuid: target, level: level + 1, plans: plans, shown: &shown, output: &output)
                }
            case .namedMap(let name, let keyType, let refTable, let nameColumn, let nameType):
                indent(level + 1, &output)
                output += name + ":\n"
                for entry in values[name]?.mapEntries ?? [] {
                    indent(level + 2, &output)
                    output += Datum.atom(entry.key).formatted(as: keyType) + "="
                    if case .uuid(let target) = entry.value, let targetRow = plans[refTable].rows[target] {
                        output += (targetRow[nameColumn] ?? Datum.defaultValue(for: nameType)).formatted(as: nameType)
                    } else {
                        output += "\"<null>\""
                    }
                    output += "\n"
                }
            case .value(let name, let type, let defaultValue):
                let value = values[name] ?? defaultValue
                if value != defaultValue {
                    indent(level + 1, &output)
                    output += name + ": " + value.formatted(as: type) + "\n"
                }
            }
        }
    }
}
