/// One line of the human diff: `+ port web1 (access vlan 100)`,
/// `~ port vx0 options:remote_ip 192.168.50.4 → 192.168.50.5`, `- port old1`.
public struct Change: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case add, modify, delete

        public var symbol: String {
            switch self {
            case .add: return "+"
            case .modify: return "~"
            case .delete: return "-"
            }
        }
    }

    public enum Subject: String, Sendable, Hashable, Codable {
        case bridge, port, mirror
    }

    public var action: Action
    public var subject: Subject
    public var name: String
    /// For adds: what the thing is (`access vlan 100`); for modifies: nil.
    public var detail: String?
    /// For modifies: the one column (or map key) that changes.
    public var field: FieldChange?

    public init(action: Action, subject: Subject, name: String, detail: String? = nil, field: FieldChange? = nil) {
        self.action = action
        self.subject = subject
        self.name = name
        self.detail = detail
        self.field = field
    }

    public var text: String {
        var line = "\(action.symbol) \(subject.rawValue) \(name)"
        if let detail { line += " (\(detail))" }
        if let field { line += " \(field.text)" }
        return line
    }
}

/// A column, or one key of a map column, from one value to another (nil: absent).
public struct FieldChange: Sendable, Hashable, Codable {
    /// `tag`, `options:remote_ip`, `controller`.
    public var column: String
    public var old: String?
    public var new: String?

    public init(column: String, old: String?, new: String?) {
        self.column = column
        self.old = old
        self.new = new
    }

    public var text: String { "\(column) \(old ?? "(none)") → \(new ?? "(none)")" }
}
