/// One problem found in a topology file: where (file:line:column and the YAML path), what, and
/// how to fix it. Validation collects all of them rather than stopping at the first.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    /// The YAML path, e.g. `nodes.boxA.bridges.br-int.ports.web1.vlan`.
    public var path: String
    public var message: String
    public var hint: String?

    public init(location: SourceLocation, path: String, message: String, hint: String? = nil) {
        self.location = location
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `file:3:7: error: VLAN 5000 is outside 1–4094 (at nodes.a.bridges.br0.ports.p1.vlan)` and
    /// an indented hint line, the shape compilers use so editors can jump to it.
    public var description: String {
        var text = "\(location): error: \(message)"
        if !path.isEmpty { text += " (at \(path))" }
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// All the problems of one file, sorted by position.
public struct TopologyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// What of the file decoded cleanly (see `IntactBridges`), for checks that go beyond the
    /// schema, such as compiling policies; nil when the file could not be read as YAML at all.
    public var intact: Topology?

    public init(_ diagnostics: [Diagnostic], intact: Topology? = nil) {
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
        self.intact = intact
    }

    public var description: String {
        let count = diagnostics.count
        return diagnostics.map(\.description).joined(separator: "\n")
            + "\n\(count) error\(count == 1 ? "" : "s")"
    }
}
