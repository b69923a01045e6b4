import OVSDB

/// What to monitor in one table (RFC 7047 §4.1.5 `<monitor-request>`, with the `where` of
/// `monitor_cond`).
public struct MonitorRequest: Sendable, Hashable {
    /// Columns to report; nil: all of them.
    public var columns: [String]?
    /// Only rows matching all conditions (`monitor_cond` and later); nil: every row.
    public var conditions: [Condition]?
    public var initial = true
    public var insert = true
    public var delete = true
    public var modify = true

    public init(columns: [String]? = nil, conditions: [Condition]? = nil) {
        self.columns = columns
        self.conditions = conditions
    }

    func json(conditional: Bool) -> JSON {
        var object: [String: JSON] = [:]
        if let columns { object["columns"] = .array(columns.map(JSON.string)) }
        if conditional, let conditions { object["where"] = .array(conditions.map(\.json)) }
        if !(initial && insert && delete && modify) {
            object["select"] = [
                "initial": .bool(initial), "insert": .bool(insert), "delete": .bool(delete), "modify": .bool(modify),
            ]
        }
        return .object(object)
    }

    static func json(_ requests: [String: MonitorRequest], conditional: Bool) -> JSON {
        .object(requests.mapValues { .array([$0.json(conditional: conditional)]) })
    }
}
