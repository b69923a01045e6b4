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
    /// Plugins whose MAC some rule needs but nobody knows yet, in the order first needed. Those
    /// rules are held (their traffic dropped, or for COPY passed on uncopied) until it is known.
    public var awaitingMAC: [AwaitedMAC] = []
    /// Plugins whose MAC is learned (the file gives none) and some rule needs: the controller
    /// probes them by ARP, and the pipeline passes their answers up.
    public var macLearners: [PolicyPlugin] = []
}

/// A plugin whose MAC is not known, and the rules held until it is.
public struct AwaitedMAC: Hashable, Sendable {
    public var plugin: PolicyPlugin
    public var rules: [SourceLocation]

    /// The held rules' locations, the first five and how many more (ten thousand would drown a
    /// log line).
    public var rulesText: String {
        rules.prefix(5).map(\.description).joined(separator: ", ")
            + (rules.count > 5 ? " and \(rules.count - 5) more" : "")
    }

    /// The error `plan` and `apply` give when they could not learn the MAC: at the plugin's
    /// declaration, with the ways to make it known.
    public var unknownMACDiagnostic: PolicyDiagnostic {
        PolicyDiagnostic(
            .error,
            "the MAC of plugin \(plugin.name) is not known, and the rule(s) at \(rulesText) need it",
            at: plugin.location,
            hint: "add `mac:` to the plugin, set external_ids:attached-mac on interface \(plugin.port), "
                + "or run `switchboard serve --topology`, which learns it by ARP")
    }
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
