import OVSDB

/// Column-by-column comparison of managed columns; map columns compare key by key, so the diff
/// says `options:remote_ip 192.168.50.4 → 192.168.50.5` rather than two whole maps.
enum ColumnDiff {
    /// Equal, counting an empty set and an empty map as the same (a default read back from the
    /// server may be either).
    static func same(_ a: Datum?, _ b: Datum?) -> Bool {
        let a = a ?? .empty
        let b = b ?? .empty
        return a == b || (a.isEmpty && b.isEmpty)
    }

    /// The field changes from `observed` to `desired` over `columns`, and the columns to write.
    static func diff(desired: Row, observed: Row, columns: [String]) -> (fields: [FieldChange], row: Row) {
        var fields: [FieldChange] = []
        var row: Row = [:]
        for column in columns {
            let new = desired[column] ?? .empty
            let old = observed[column] ?? .empty
            guard !same(new, old) else { continue }
            row[column] = new
            if isMap(new) || isMap(old) {
                let before = old.mapEntries
                let after = new.mapEntries
                let keys = Set(before.map(\.key)).union(after.map(\.key)).sorted()
                for key in keys {
                    let was = before.first { $0.key == key }?.value
                    let will = after.first { $0.key == key }?.value
                    guard was != will else { continue }
                    fields.append(
                        FieldChange(
                            column: "\(column):\(text(key))", old: was.map(text), new: will.map(text)))
                }
            } else {
                fields.append(FieldChange(column: column, old: text(old), new: text(new)))
            }
        }
        return (fields, row)
    }

    static func isMap(_ datum: Datum) -> Bool {
        if case .map = datum { return true }
        return false
    }

    /// ovs-vsctl-like text without quotes: `100`, `[100, 200]`, nil for empty.
    static func text(_ datum: Datum) -> String? {
        switch datum {
        case .set(let atoms):
            if atoms.isEmpty { return nil }
            if atoms.count == 1 { return text(atoms[0]) }
            return "[" + atoms.map(text).joined(separator: ", ") + "]"
        case .map(let entries):
            if entries.isEmpty { return nil }
            return "{" + entries.map { "\(text($0.key))=\(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func text(_ atom: Atom) -> String {
        if case .string(let value) = atom { return value }
        return atom.description
    }
}
