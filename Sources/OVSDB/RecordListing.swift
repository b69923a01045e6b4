import Foundation

/// `ovs-vsctl list` and record lookup by name, over a snapshot.
extension DatabaseCache {
    /// The column `ovs-vsctl` finds records of `table` by.
    public static func nameColumn(of table: String) -> String? {
        switch table {
        case "Controller", "Manager": return "target"
        case "Open_vSwitch", "SSL": return nil
        default: return "name"
        }
    }

    /// Finds a record by uuid, by its name column, or `.` for the only row of a one-row table.
    public func record(_ table: String, _ identifier: String) -> (UUID, Row)? {
        let all = rows(table)
        if identifier == ".", all.count == 1, let only = all.first { return (only.key, only.value) }
        if let uuid = UUID(ovsdbString: identifier), let row = all[uuid] { return (uuid, row) }
        if let column = Self.nameColumn(of: table) {
            return rows(table, where: column, is: .set([.string(identifier)])).first
        }
        return nil
    }

    /// A table name as the user typed it (case-insensitive, as ovs-vsctl allows).
    public func tableName(_ typed: String) -> String? {
        if schema.tables[typed] != nil { return typed }
        return schema.tables.keys.first { $0.lowercased() == typed.lowercased() }
    }

    /// `ovs-vsctl list` text for the given records: `_uuid` first, then columns by name, each as
    /// `%-20s: value`, records separated by blank lines.
    public func listing(_ table: String, records: [(UUID, Row)]) -> String {
        guard let tableSchema = schema[table] else { return "" }
        let columns = tableSchema.columns.keys.sorted()
        var blocks: [String] = []
        for (uuid, row) in records {
            var lines = [Self.pad("_uuid") + ": " + uuid.ovsdbString]
            for column in columns {
                guard let type = tableSchema.columns[column]?.type else { continue }
                let value = row[column] ?? Datum.defaultValue(for: type)
                lines.append(Self.pad(column) + ": " + value.formatted(as: type))
            }
            blocks.append(lines.joined(separator: "\n") + "\n")
        }
        return blocks.joined(separator: "\n")
    }

    static func pad(_ text: String) -> String {
        text.count >= 20 ? text : text + String(repeating: " ", count: 20 - text.count)
    }

    /// Records of a table in uuid order (as ovs-vsctl lists them).
    public func sortedRecords(_ table: String) -> [(UUID, Row)] {
        rows(table).sorted { $0.key.ovsdbPrecedes($1.key) }.map { ($0.key, $0.value) }
    }
}
