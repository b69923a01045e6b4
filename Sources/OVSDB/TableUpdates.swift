import Foundation

/// What a monitor reports for one row: RFC 7047 `update` (old/new) or the OVS `update2`/`update3`
/// forms (initial/insert/modify/delete, where `modify` carries a diff).
public enum RowUpdate: Sendable, Hashable {
    /// `update` (monitor v1): `old` holds the changed columns' previous values, `new` the whole row.
    case v1(old: Row?, new: Row?)
    /// `update2`: a row present when monitoring started. Columns equal to their default are omitted.
    case initial(Row)
    /// `update2`: a row inserted since. Columns equal to their default are omitted.
    case insert(Row)
    /// `update2`: only changed columns, each as a diff (see `Datum.applying(diff:type:)`).
    case modify(Row)
    case delete
}

/// Table name → row uuid → update. The payload of `update`, `update2` and `update3`
/// notifications and of monitor replies.
public struct TableUpdates: Sendable, Hashable {
    public var tables: [String: [UUID: RowUpdate]]

    public init(_ tables: [String: [UUID: RowUpdate]] = [:]) {
        self.tables = tables
    }

    public var isEmpty: Bool { tables.values.allSatisfy(\.isEmpty) }

    /// Which notation a monitor uses: `monitor` sends v1, `monitor_cond` and `monitor_cond_since`
    /// send v2.
    public enum Version: Sendable { case v1, v2 }

    public init(json: JSON, version: Version) throws(NotationError) {
        guard case .object(let tablesJSON) = json else { throw NotationError("table-updates must be an object") }
        var tables: [String: [UUID: RowUpdate]] = [:]
        for (table, rowsJSON) in tablesJSON {
            guard case .object(let rows) = rowsJSON else {
                throw NotationError("table-update of \(table) must be an object")
            }
            var updates: [UUID: RowUpdate] = [:]
            updates.reserveCapacity(rows.count)
            for (uuidText, updateJSON) in rows {
                guard let uuid = UUID(ovsdbString: uuidText) else {
                    throw NotationError("invalid row uuid \"\(uuidText)\"")
                }
                guard case .object(let update) = updateJSON else {
                    throw NotationError("row-update of \(table) \(uuidText) must be an object")
                }
                updates[uuid] = try Self.rowUpdate(update, version: version)
            }
            tables[table] = updates
        }
        self.init(tables)
    }

    static func rowUpdate(_ update: [String: JSON], version: Version) throws(NotationError) -> RowUpdate {
        func row(_ json: JSON) throws(NotationError) -> Row { try DBOperation.row(json: json) }
        switch version {
        case .v1:
            let old = try update["old"].map { (json) throws(NotationError) in try row(json) }
            let new = try update["new"].map { (json) throws(NotationError) in try row(json) }
            return .v1(old: old, new: new)
        case .v2:
            if let json = update["initial"] { return .initial(try row(json)) }
            if let json = update["insert"] { return .insert(try row(json)) }
            if let json = update["modify"] { return .modify(try row(json)) }
            if update["delete"] != nil { return .delete }
            throw NotationError("row-update2 needs initial, insert, modify or delete")
        }
    }

    /// The notation back (a server's view); used by tests and by `db watch --json`.
    public func json() -> JSON {
        var object: [String: JSON] = [:]
        for (table, rows) in tables {
            var rowsJSON: [String: JSON] = [:]
            for (uuid, update) in rows {
                switch update {
                case .v1(let old, let new):
                    var member: [String: JSON] = [:]
                    if let old { member["old"] = DBOperation.json(row: old) }
                    if let new { member["new"] = DBOperation.json(row: new) }
                    rowsJSON[uuid.ovsdbString] = .object(member)
                case .initial(let row): rowsJSON[uuid.ovsdbString] = ["initial": DBOperation.json(row: row)]
                case .insert(let row): rowsJSON[uuid.ovsdbString] = ["insert": DBOperation.json(row: row)]
                case .modify(let row): rowsJSON[uuid.ovsdbString] = ["modify": DBOperation.json(row: row)]
                case .delete: rowsJSON[uuid.ovsdbString] = ["delete": .null]
                }
            }
            object[table] = .object(rowsJSON)
        }
        return .object(object)
    }
}

extension Datum {
    /// Applies an `update2` diff. A column holding at most one value gets the diff as its new
    /// value; for sets, each element of the diff is toggled; for maps, a key not present is added,
    /// a key present with the same value removed, and a key present with another value updated.
    public func applying(diff: Datum, type: ColumnType) -> Datum {
        guard type.max > 1 else { return diff }
        switch (self, diff) {
        case (.set(let current), .set(let changes)):
            var elements = Set(current)
            for atom in changes {
                if elements.contains(atom) { elements.remove(atom) } else { elements.insert(atom) }
            }
            return .setOf(elements)
        case (.map(let current), .map(let changes)):
            var entries: [Atom: Atom] = [:]
            for entry in current { entries[entry.key] = entry.value }
            for change in changes {
                if let existing = entries[change.key], existing == change.value {
                    entries[change.key] = nil
                } else {
                    entries[change.key] = change.value
                }
            }
            return .mapOf(entries.map { ($0.key, $0.value) })
        case (.set(let current), .map(let changes)) where current.isEmpty:
            return .mapOf(changes.map { ($0.key, $0.value) })
        default:
            return diff
        }
    }

    /// The `update2` diff that turns `self` into `new` (the inverse of `applying(diff:type:)`).
    public func diff(to new: Datum, type: ColumnType) -> Datum {
        guard type.max > 1 else { return new }
        switch (self, new) {
        case (.set(let old), .set(let new)):
            return .setOf(Set(old).symmetricDifference(Set(new)))
        case (.map(let old), .map(let new)):
            var oldEntries: [Atom: Atom] = [:]
            for entry in old { oldEntries[entry.key] = entry.value }
            var newEntries: [Atom: Atom] = [:]
            for entry in new { newEntries[entry.key] = entry.value }
            var pairs: [(Atom, Atom)] = []
            for (key, value) in oldEntries where newEntries[key] == nil { pairs.append((key, value)) }
            for (key, value) in newEntries where oldEntries[key] != value { pairs.append((key, value)) }
            return .mapOf(pairs)
        default:
            return new
        }
    }
}
