import Foundation

/// One change the cache made while applying updates: the row before and after (nil for an insert's
/// old and a delete's new).
public struct RowChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case insert, modify, delete }

    public var table: String
    public var uuid: UUID
    public var kind: Kind
    public var old: Row?
    public var new: Row?

    /// Columns whose value differs between old and new.
    public var changedColumns: Set<String> {
        let columns = Set((old ?? [:]).keys).union((new ?? [:]).keys)
        return columns.filter { old?[$0] != new?[$0] }
    }
}

/// Why an update could not be applied: the replica and the server disagree, and the only safe
/// recovery is a full resync.
public enum CacheError: Error, Equatable, CustomStringConvertible {
    case modifyOfUnknownRow(table: String, uuid: UUID)
    case insertOfExistingRow(table: String, uuid: UUID)

    public var description: String {
        switch self {
        case .modifyOfUnknownRow(let table, let uuid):
            return "update modifies row \(uuid.ovsdbString) of \(table), which the replica does not have"
        case .insertOfExistingRow(let table, let uuid):
            return "update inserts row \(uuid.ovsdbString) of \(table), which the replica already has"
        }
    }
}

/// The in-memory copy of (part of) a database: rows by table and uuid, complete with every
/// monitored column (defaults filled in from the schema). A value type, so a copy is a consistent
/// snapshot that later updates never touch.
public struct DatabaseCache: Sendable, Hashable {
    public let schema: DatabaseSchema
    public private(set) var tables: [String: [UUID: Row]]
    /// Columns monitored per table (nil: all). Defaults are filled in only for these.
    public let monitoredColumns: [String: [String]]?
    /// Per table, every monitored column at its default: the base a new row is laid over.
    let defaultRows: [String: Row]

    public init(schema: DatabaseSchema, monitoredColumns: [String: [String]]? = nil) {
        self.schema = schema
        self.monitoredColumns = monitoredColumns
        self.tables = [:]
        var defaults: [String: Row] = [:]
        for (name, table) in schema.tables {
            var row: Row = [:]
            for column in monitoredColumns?[name] ?? Array(table.columns.keys) {
                if let type = table.columns[column]?.type { row[column] = Datum.defaultValue(for: type) }
            }
            defaults[name] = row
        }
        self.defaultRows = defaults
    }

    public func rows(_ table: String) -> [UUID: Row] { tables[table] ?? [:] }

    public func row(_ table: String, _ uuid: UUID) -> Row? { tables[table]?[uuid] }

    /// Rows of `table` whose `column` holds `value` (e.g. a bridge by name).
    public func rows(_ table: String, where column: String, is value: Datum) -> [(UUID, Row)] {
        rows(table).filter { $0.value[column] == value }.sorted { $0.key.ovsdbPrecedes($1.key) }
            .map { ($0.key, $0.value) }
    }

    public var rowCount: Int { tables.values.reduce(0) { $0 + $1.count } }

    /// Forgets every row (before a full reload).
    public mutating func removeAll() {
        tables = [:]
    }

    /// Applies one batch atomically: on error, the cache is left as it was.
    @discardableResult
    public mutating func apply(_ updates: TableUpdates, recordingChanges: Bool = true) throws(CacheError) -> [RowChange]
    {
        // Check first, then change in place: copying a 10,000-row table for every small update
        // would make each one cost as much as the whole table.
        for (table, rows) in updates.tables {
            let current = tables[table]
            for (uuid, update) in rows {
                switch update {
                case .modify where current?[uuid] == nil: throw .modifyOfUnknownRow(table: table, uuid: uuid)
                case .insert where current?[uuid] != nil: throw .insertOfExistingRow(table: table, uuid: uuid)
                default: break
                }
            }
        }
        var changes: [RowChange] = []
        for table in updates.tables.keys.sorted() {
            guard let rows = updates.tables[table] else { continue }
            let order = recordingChanges ? rows.keys.sorted(by: { $0.ovsdbPrecedes($1) }) : Array(rows.keys)
            for uuid in order {
                guard let update = rows[uuid] else { continue }
                let old = tables[table]?[uuid]
                let new = try newRow(table: table, uuid: uuid, old: old, update: update)
                tables[table, default: [:]][uuid] = new
                guard recordingChanges else { continue }
                switch (old, new) {
                case (nil, let new?):
                    changes.append(RowChange(table: table, uuid: uuid, kind: .insert, old: nil, new: new))
                case (let old?, nil):
                    changes.append(RowChange(table: table, uuid: uuid, kind: .delete, old: old, new: nil))
                case (let old?, let new?) where old != new:
                    changes.append(RowChange(table: table, uuid: uuid, kind: .modify, old: old, new: new))
                default:
                    break
                }
            }
        }
        return changes
    }

    func newRow(table: String, uuid: UUID, old: Row?, update: RowUpdate) throws(CacheError) -> Row? {
        switch update {
        case .delete, .v1(_, nil):
            return nil
        case .v1(_, let new?):
            return withDefaults(new, table: table)
        case .initial(let row), .insert(let row):
            if old != nil, case .insert = update { throw .insertOfExistingRow(table: table, uuid: uuid) }
            return withDefaults(row, table: table)
        case .modify(let diff):
            guard var row = old else { throw .modifyOfUnknownRow(table: table, uuid: uuid) }
            let tableSchema = schema.tables[table]
            for (column, change) in diff {
                guard let type = tableSchema?.type(of: column) else {
                    row[column] = change
                    continue
                }
                let current = row[column] ?? Datum.defaultValue(for: type)
                row[column] = current.applying(diff: change.coerced(to: type), type: type)
            }
            return row
        }
    }

    /// `update2` omits columns equal to their default; a replica row should still answer for them.
    func withDefaults(_ row: Row, table: String) -> Row {
        guard let tableSchema = schema.tables[table], var complete = defaultRows[table] else { return row }
        for (column, value) in row {
            complete[column] = tableSchema.columns[column].map { value.coerced(to: $0.type) } ?? value
        }
        return complete
    }
}
