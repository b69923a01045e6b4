import ArgumentParser
import Topology

/// `switchboard validate FILE`: every problem at once, with file:line:column, path and hint.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a topology file; print every problem with its location. Exit 0 when valid, 1 otherwise.")

    @OptionGroup var options: TopologyOptions

    func run() async throws {
        let topology = try options.load()
        let bridges = topology.nodes.reduce(0) { $0 + $1.bridges.count }
        let ports = topology.nodes.flatMap(\.bridges).reduce(0) { $0 + $1.ports.count }
        print(
            "\(options.file): valid (topology \(topology.name): \(topology.nodes.count) node(s), "
                + "\(bridges) bridge(s), \(ports) port(s))")
    }
}
