import Foundation

extension DatabaseCache {
    /// Replaces the whole contents with a full dump (a monitor reply after a reconnect that could
    /// not resume) and reports only the real differences, so a subscriber sees every change once:
    /// rows that did not change while we were away produce no event.
    /// Without `recordingChanges` (nobody is listening), only the contents are replaced.
    public mutating func reload(
        with updates: TableUpdates, recordingChanges: Bool = true
    ) throws(CacheError)
        -> [RowChange]
    {
        var fresh = DatabaseCache(schema: schema, monitoredColumns: monitoredColumns)
        try fresh.apply(updates, recordingChanges: false)
        guard recordingChanges else {
            self = fresh
            return []
        }
        var changes: [RowChange] = []
        let tableNames = Set(tables.keys).union(fresh.tables.keys).sorted()
        for table in tableNames {
            let old = tables[table] ?? [:]
            let new = fresh.tables[table] ?? [:]
            for uuid in Set(old.keys).union(new.keys).sorted(by: { $0.ovsdbPrecedes($1) }) {
                switch (old[uuid], new[uuid]) {
                case (nil, let row?):
                    changes.append(RowChange(table: table, uuid: uuid, kind: .insert, old: nil, new: row))
                case (let row?, nil):
                    changes.append(RowChange(table: table, uuid: uuid, kind: .delete, old: row, new: nil))
                case (let before?, let after?) where before != after:
                    changes.append(RowChange(table: table, uuid: uuid, kind: .modify, old: before, new: after))
                default:
                    break
                }
            }
        }
        self = fresh
        return changes
    }
}
