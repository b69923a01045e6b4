import ArgumentParser
import Foundation
import Orchestrator
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
            """)

    @Option(help: ArgumentHelp("OVSDB server of the node.", valueName: "TARGET"))
    var db: String = "unix:/var/run/openvswitch/db.sock"
    @Option(help: "Topology name (default: the rows' owner, or `exported`).") var name: String?
    @Option(help: "Node name in the file.") var node: String = "local"
    @Option(name: .customLong("bridge"), help: "Export only these bridges (repeatable).") var bridges: [String] = []
    @Option(name: [.short, .customLong("output")], help: "Write to FILE instead of standard output.")
    var output: String?

    func run() async throws {
        let topology: Topology
        do {
            topology = try await Orchestrator.export(
                endpoint: Endpoint(target: db), name: name, node: node, bridges: bridges.isEmpty ? nil : bridges)
        } catch {
            throw fail("\(error)")
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
}
