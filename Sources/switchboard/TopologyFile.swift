import Foundation
import PolicyCompiler
import Topology

/// Reading and validating a topology file, shared by the one-shot commands (which print the
/// diagnostics and exit) and `serve` (which logs them on SIGHUP and keeps the file it had).
struct TopologyFile: Sendable {
    let path: String
    let variables: [String: String]
    var endpoints: [String: String] = [:]
    /// The file's text when it is already known (a plan file carries it); nil reads `path`.
    var text: String?

    /// A file that passed: the topology and the policy warnings (shadowed rules) to show.
    struct Loaded: Sendable {
        let topology: Topology
        let warnings: [String]
        /// Each flow-managed bridge as the check compiled it, for `Orchestrator.connect`.
        var checked: [CheckedBridge] = []
    }

    /// A file that cannot be used: every line to show, in file order, the count last.
    struct Invalid: Error, Sendable {
        let lines: [String]
    }

    /// Reads and validates the file, its policies included (compiled against placeholder port
    /// numbers, so everything that does not depend on a live switch is found).
    func load() -> Result<Loaded, Invalid> {
        read().flatMap { Self.check($0) }
    }

    /// Reads and validates the file, all but its policies (see `check`).
    func read() -> Result<Topology, Invalid> {
        let text: String
        switch readText() {
        case .success(let read): text = read
        case .failure(let invalid): return .failure(invalid)
        }
        let options = TopologyLoader.Options(
            environment: ProcessInfo.processInfo.environment, variables: variables, endpoints: endpoints)
        return TopologyLoader.load(text, file: path, options: options).mapError { error in
            // The policies of the bridges that decoded cleanly are checked as well, so one run
            // shows every error in the file.
            let policies = error.intact.map { TopologyPolicyCheck.check($0) } ?? []
            return Invalid(lines: Self.report(error.diagnostics, policies))
        }
    }

    /// The file's text (`text`, or read from `path`).
    func readText() -> Result<String, Invalid> {
        if let text { return .success(text) }
        do { return .success(try String(contentsOfFile: path, encoding: .utf8)) } catch {
            return .failure(Invalid(lines: ["switchboard: error: cannot read \(path): \(error.localizedDescription)"]))
        }
    }

    /// Checks the policies of a topology `read` gave by compiling them: with the port numbers
    /// OVSDB reports where `portNumbers` gives them (node, bridge, port), placeholders for the
    /// rest. The diagnostics are the same either way; the compiles are kept, and planning moves
    /// one to the switch's numbers only if they differ.
    /// `learnedMACs` gives the plugin MACs plan and apply learned from OVSDB (node, bridge, plugin).
    static func check(
        _ topology: Topology, portNumbers: [String: [String: [String: UInt32]]] = [:],
        learnedMACs: [String: [String: [String: MACAddress]]] = [:]
    ) -> Result<Loaded, Invalid> {
        let (diagnostics, checked) = TopologyPolicyCheck.checkAndCompile(
            topology, portNumbers: { node, bridge in portNumbers[node.name]?[bridge.name] },
            learnedMACs: { node, bridge in learnedMACs[node.name]?[bridge.name] ?? [:] })
        guard diagnostics.contains(where: { $0.severity == .error }) else {
            return .success(Loaded(topology: topology, warnings: report([], diagnostics), checked: checked))
        }
        return .failure(Invalid(lines: report([], diagnostics)))
    }

    /// Schema and policy diagnostics as one list sorted by location, then `N error(s)` when there
    /// are errors (policy warnings do not count).
    static func report(_ schema: [Diagnostic], _ policies: [PolicyDiagnostic]) -> [String] {
        let nowhere = SourceLocation(file: "", line: 0, column: 0)
        let located =
            schema.map { (location: $0.location, text: $0.description) }
            + policies.map { (location: $0.location ?? nowhere, text: $0.description) }
        // Stable: two problems at one place keep the order their checks gave.
        let lines = located.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element.text)
        let errors = schema.count + policies.filter { $0.severity == .error }.count
        return errors == 0 ? lines : lines + ["\(errors) error\(errors == 1 ? "" : "s")"]
    }

    /// `NAME=VALUE` option values as a dictionary; anything else is a usage error.
    static func pairs(_ values: [String], _ option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw fail("\(option) takes NAME=VALUE, got `\(value)`")
            }
            result[String(value[..<equals])] = String(value[value.index(after: equals)...])
        }
        return result
    }
}
