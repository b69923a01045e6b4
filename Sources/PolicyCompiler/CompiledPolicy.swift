import OpenFlow
import Topology

/// A flow the compiler emitted and the rule it came from (nil: the pipeline's own flows).
public struct CompiledFlow: Hashable, Sendable {
    public var flow: FlowMod
    public var origin: SourceLocation?
}

public struct CompiledGroup: Hashable, Sendable {
    public var group: GroupMod
    public var origin: SourceLocation?
}

/// A bridge's desired OpenFlow state: flows (table 0 first) and groups.
public struct CompiledPolicy: Hashable, Sendable {
    public var flows: [CompiledFlow]
    public var groups: [CompiledGroup]
    public var warnings: [PolicyDiagnostic]
}

/// A policy problem with the rule it concerns. Errors stop compilation; warnings do not.
public struct PolicyDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable { case error, warning }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var hint: String?

    public init(_ severity: Severity = .error, _ message: String, at location: SourceLocation?, hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(severity.rawValue): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

/// Everything compilation found wrong, all at once.
public struct PolicyCompilationError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [PolicyDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
