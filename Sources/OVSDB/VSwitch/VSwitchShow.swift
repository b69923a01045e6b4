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

    static func spec(_ table: String) -> TableSpec? { specs.first { $0.table == table }?.spec }

    public static func render(_ cache: DatabaseCache) -> String {
        var output = ""
        var shown: Set<String> = []
        for uuid in cache.rows("Open_vSwitch").keys.sorted(by: { $0.ovsdbPrecedes($1) }) {
            row(table: "Open_vSwitch", uuid: uuid, level: 0, cache: cache, shown: &shown, output: &output)
        }
        return output
    }

    static func row(
        table: String, uuid: UUID, level: Int, cache: DatabaseCache, shown: inout Set<String>, output: inout String
    ) {
        guard let values = cache.row(table, uuid) else { return }
        let spec = spec(table)
        let tableSchema = cache.schema[table]
        let defaults = cache.defaultRows[table] ?? [:]
        output += String(repeating: " ", count: level * 4)
        if let nameColumn = spec?.nameColumn, let type = tableSchema?.type(of: nameColumn) {
            output += "\(table) " + (values[nameColumn] ?? Datum.defaultValue(for: type)).formatted(as: type)
        } else {
            output += uuid.ovsdbString
        }
        output += "\n"
        guard let spec, !shown.contains(table) else { return }
        shown.insert(table)
        defer { shown.remove(table) }
        for column in spec.columns {
            guard let type = tableSchema?.type(of: column) else { continue }
            let defaultValue = defaults[column] ?? Datum.defaultValue(for: type)
            let value = values[column] ?? defaultValue
            if type.key.type == .uuid, let refTable = type.key.refTable, Self.spec(refTable) != nil {
                for reference in value.atoms.compactMap(\.uuidValue) where cache.row(refTable, reference) != nil {
                    row(
                        table: refTable, uuid: reference, level: level + 1, cache: cache, shown: &shown, output: &output
                    )
                }
                continue
            }
            if let valueType = type.value, valueType.type == .uuid, let refTable = valueType.refTable,
                let refSpec = Self.spec(refTable), let refName = refSpec.nameColumn,
                let refNameType = cache.schema[refTable]?.type(of: refName)
            {
                output += String(repeating: " ", count: (level + 1) * 4) + "\(column):\n"
                for entry in value.mapEntries {
                    output += String(repeating: " ", count: (level + 2) * 4) + entry.key.description + "="
                    if let uuid = entry.value.uuidValue, let target = cache.row(refTable, uuid) {
                        output += (target[refName] ?? Datum.defaultValue(for: refNameType)).formatted(as: refNameType)
                    } else {
                        output += "\"<null>\""
                    }
                    output += "\n"
                }
                continue
            }
            if value != defaultValue {
                output +=
                    String(repeating: " ", count: (level + 1) * 4) + "\(column): " + value.formatted(as: type) + "\n"
            }
        }
    }
}
