import ArgumentParser
import Foundation
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

    /// Reads and validates the file (see `TopologyFile`); prints every diagnostic and exits 1
    /// when it is not valid. Policy warnings (shadowed rules) are printed and do not stop anything.
    func load() throws -> Topology { try Self.check(read()).topology }

    /// The file read and validated, all but its policies (`check` does those); exits 1 when it
    /// is not valid.
    func read() throws -> Topology { try Self.read(try source()) }

    /// The file with the `--var` and `--endpoint` values.
    func source() throws -> TopologyFile {
        TopologyFile(
            path: file, variables: try TopologyFile.pairs(variables, "--var"),
            endpoints: try TopologyFile.pairs(endpoints, "--endpoint"))
    }

    /// The text of `source`'s file, read once (a plan file keeps exactly what was planned);
    /// exits 1 when it cannot be read.
    static func text(of source: TopologyFile) throws -> String {
        switch source.readText() {
        case .success(let text): return text
        case .failure(let invalid): throw exit(invalid)
        }
    }

    /// `source` read and validated, all but its policies; exits 1 when it is not valid.
    static func read(_ source: TopologyFile) throws -> Topology {
        switch source.read() {
        case .success(let topology): return topology
        case .failure(let invalid): throw Self.exit(invalid)
        }
    }

    /// Checks the policies of `topology` (see `TopologyFile.check`), printing as `load()` does.
    static func check(
        _ topology: Topology, portNumbers: [String: [String: [String: UInt32]]] = [:],
        learnedMACs: [String: [String: [String: MACAddress]]] = [:]
    ) throws -> TopologyFile.Loaded {
        switch TopologyFile.check(topology, portNumbers: portNumbers, learnedMACs: learnedMACs) {
        case .success(let loaded):
            for warning in loaded.warnings { FileHandleOutput.standardError(warning) }
            return loaded
        case .failure(let invalid): throw Self.exit(invalid)
        }
    }

    private static func exit(_ invalid: TopologyFile.Invalid) -> ExitCode {
        for line in invalid.lines { FileHandleOutput.standardError(line) }
        return ExitCode(1)
    }
}

/// Color only when standard output is a terminal and NO_COLOR is not set.
var useColor: Bool { isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

/// How many flow and group changes a bridge lists in a text plan unless `--all-flows` is given:
/// a new bridge of ten thousand rules would print thirty thousand lines, and formatting them
/// was most of a first plan's time. The rest are counted; `--json` lists all.
let flowLineLimit = 1000
