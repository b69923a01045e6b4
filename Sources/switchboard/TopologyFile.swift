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
        return TopologyLoader.load(text, file: path, options: options).mapError { Invalid(lines: [$0.description]) }
    }

    /// The file's text (`text`, or read from `path`).
    func readText() -> Result<String, Invalid> {
        if let text { return .success(text) }
        do { return .success(try String(contentsOfFile: path, encoding: .utf8)) } catch {
            return .failure(Invalid(lines: ["switchboard: error: cannot read \(path): \(error.localizedDescription)"]))
        }
    }

    /// Checks the policies of a topology `read` gave by compiling them against placeholder port
    /// numbers. The compiles are kept: planning moves them to the live numbers.
    /// `learnedMACs` gives the plugin MACs plan and apply learned from OVSDB (node, bridge, plugin).
    static func check(
        _ topology: Topology, learnedMACs: [String: [String: [String: MACAddress]]] = [:]
    ) -> Result<Loaded, Invalid> {
        let (diagnostics, checked) = TopologyPolicyCheck.checkAndCompile(
            topology, learnedMACs: { node, bridge in learnedMACs[node.name]?[bridge.name] ?? [:] })
        let problems = diagnostics.sorted {
            ($0.location ?? SourceLocation(file: "", line: 0, column: 0))
                < ($1.location ?? SourceLocation(file: "", line: 0, column: 0))
        }
        let errors = problems.filter { $0.severity == .error }.count
        guard errors == 0 else {
            return .failure(Invalid(lines: problems.map(\.description) + ["\(errors) error\(errors == 1 ? "" : "s")"]))
        }
        return .success(Loaded(topology: topology, warnings: problems.map(\.description), checked: checked))
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
