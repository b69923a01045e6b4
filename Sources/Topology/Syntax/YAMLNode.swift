/// A YAML document as our own value tree: every node keeps its location, so diagnostics and later
/// stages (the policies section is kept raw for issue #9) can point at the exact spot. Yams'
/// `Node` is not `Sendable` and holds weak anchors; copying into this tree keeps Yams at the edge.
public indirect enum YAMLNode: Sendable, Hashable {
    /// A scalar's text as written; `quoted` tells `"100"` from `100` and `""` from an empty value.
    case scalar(String, quoted: Bool, SourceLocation)
    case sequence([YAMLNode], SourceLocation)
    case mapping([YAMLEntry], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(_, _, let location), .sequence(_, let location), .mapping(_, let location): return location
        }
    }

    /// `~`, `null` or nothing at all, unquoted.
    public var isNull: Bool {
        guard case .scalar(let text, false, _) = self else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The scalar's text, if this is a scalar.
    public var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// What kind of node this is, for messages ("expected a mapping, found a sequence").
    public var kindName: String {
        switch self {
        case .scalar: return isNull ? "nothing" : "a scalar"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }

    /// The same tree with every scalar (not mapping keys) passed through `transform`.
    func mapScalars(_ transform: (String, SourceLocation) -> String) -> YAMLNode {
        switch self {
        case .scalar(let text, let quoted, let location):
            return .scalar(transform(text, location), quoted: quoted, location)
        case .sequence(let items, let location):
            return .sequence(items.map { $0.mapScalars(transform) }, location)
        case .mapping(let entries, let location):
            return .mapping(
                entries.map {
                    YAMLEntry(key: $0.key, keyLocation: $0.keyLocation, value: $0.value.mapScalars(transform))
                },
                location)
        }
    }
}

/// One `key: value` pair of a mapping, in file order.
public struct YAMLEntry: Sendable, Hashable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLNode

    public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
