import ArgumentParser
import Foundation
import PolicyCompiler
import Topology

/// What every topology command takes: the file, variable overrides, endpoint overrides.
struct TopologyOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The topology file (YAML).", valueName: "FILE"))
    var file: String

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("Set a top-level variable, overriding the file (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(
        name: .customLong("endpoint"),
        help: ArgumentHelp("Talk to another OVSDB server for a node (repeatable).", valueName: "NODE=TARGET"))
    var endpoints: [String] = []

    /// Reads and validates the file, its policies included (compiled against placeholder port
    /// numbers); prints every diagnostic and exits 1 when it is not valid. Policy warnings
    /// (shadowed rules) are printed and do not stop anything.
    func load() throws -> Topology {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw fail("cannot read \(file): \(error.localizedDescription)")
        }
        let options = TopologyLoader.Options(
            environment: ProcessInfo.processInfo.environment, variables: try pairs(variables, "--var"),
            endpoints: try pairs(endpoints, "--endpoint"))
        let topology: Topology
        switch TopologyLoader.load(text, file: file, options: options) {
        case .success(let loaded): topology = loaded
        case .failure(let error):
            FileHandleOutput.standardError(error.description)
            throw ExitCode(1)
        }
        let problems = TopologyPolicyCheck.check(topology).sorted {
            ($0.location ?? SourceLocation(file: "", line: 0, column: 0))
                < ($1.location ?? SourceLocation(file: "", line: 0, column: 0))
        }
        for problem in problems { FileHandleOutput.standardError(problem.description) }
        let errors = problems.filter { $0.severity == .error }.count
        if errors > 0 {
            FileHandleOutput.standardError("\(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        return topology
    }

    func pairs(_ values: [String], _ option: String) throws -> [String: String] {
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

/// Color only when standard output is a terminal and NO_COLOR is not set.
var useColor: Bool { isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
