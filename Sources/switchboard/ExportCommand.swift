import ArgumentParser
import Foundation
import Orchestrator
import Reconciler
import Topology

/// `switchboard export`: a node's live state as a topology file.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a node's live bridges, ports and mirrors as a topology file.",
        discussion: """
            `plan` of the exported file against the same node shows no changes when the rows are
            owned by the exported name (by default, the owner they carry). For an OVS set up by
            hand, apply the file once with --adopt to mark the rows as owned.

            Plugins and policies are not stored in OVSDB: pass --from with the topology file that
            was applied to carry them over, for the bridges of the same name on its node --node.
            """)

    @Option(help: ArgumentHelp("OVSDB server of the node.", valueName: "TARGET"))
    var db: String = "unix:/var/run/openvswitch/db.sock"
    @Option(help: "Topology name (default: the rows' owner, or `exported`).") var name: String?
    @Option(help: "Node name in the file.") var node: String = "local"
    @Option(name: .customLong("bridge"), help: "Export only these bridges (repeatable).") var bridges: [String] = []
    @Option(
        name: .customLong("from"),
        help: ArgumentHelp(
            "Take the bridges' plugins and policies from this topology file (OVSDB holds neither).",
            valueName: "FILE"))
    var from: String?
    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("Set a top-level variable of the --from file (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []
    @Option(name: [.short, .customLong("output")], help: "Write to FILE instead of standard output.")
    var output: String?

    func run() async throws {
        let source = try sourceNode()
        var topology: Topology
        do {
            topology = try await Orchestrator.export(
                endpoint: Endpoint(target: db), name: name, node: node, bridges: bridges.isEmpty ? nil : bridges)
        } catch {
            throw fail("\(error)")
        }
        if let source {
            topology = Exporter.withPluginsAndPolicies(of: source, topology)
        } else if name == nil, topology.name != "exported" {
            // Rows a topology owns: that topology's file may well have policies this export lacks.
            FileHandleOutput.standardError(
                "switchboard: note: plugins and policies are not stored in OVSDB and are not in this export; "
                    + "pass --from FILE (the file of topology \(topology.name)) to carry them over")
        }
        let text = TopologyWriter.yaml(topology)
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw fail("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
    }

    /// The node `--node` of the `--from` file, read and validated (its diagnostics printed and
    /// exit 1 when it is not valid); nil without `--from`.
    func sourceNode() throws -> TopologyNode? {
        guard let from else {
            guard variables.isEmpty else { throw fail("--var sets variables of the --from file; give --from FILE") }
            return nil
        }
        let file = TopologyFile(path: from, variables: try TopologyFile.pairs(variables, "--var"))
        switch file.read() {
        case .success(let topology):
            guard let source = topology.node(named: node) else {
                throw fail(
                    "\(from) has no node `\(node)` to take plugins and policies from; "
                        + "its nodes: \(topology.nodes.map(\.name).joined(separator: ", ")) (pick one with --node)")
            }
            return source
        case .failure(let invalid):
            for line in invalid.lines { FileHandleOutput.standardError(line) }
            throw ExitCode(1)
        }
    }
}
