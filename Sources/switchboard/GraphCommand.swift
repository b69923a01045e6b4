import ArgumentParser
import Foundation
import OVSSandbox
import Topology

/// `switchboard graph FILE`: nodes, bridges, ports, VLANs and tunnels as Graphviz.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a topology: Graphviz dot text, or SVG rendered by `dot` when it is installed.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, svg
    }

    @OptionGroup var options: TopologyOptions
    @Option(help: "dot (text) or svg (needs Graphviz).") var format: Format = .dot

    func run() async throws {
        let text = TopologyGraph.dot(try options.load())
        guard format == .svg else {
            print(text, terminator: "")
            return
        }
        let dot: String
        do { dot = try ExecutableSearch.require("dot", package: "graphviz") } catch {
            throw fail("\(error)")
        }
        let output = try await Command(dot, ["-Tsvg"]).run(input: text)
        guard output.succeeded else { throw fail("dot failed: \(output.stderr)") }
        print(output.stdout, terminator: "")
    }
}
