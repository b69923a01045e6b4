import Orchestrator
import PolicyCompiler
import Topology

/// What `plan` and `apply` work from: the file read, its nodes connected, its policies checked
/// and compiled once (with the port numbers and plugin MACs the nodes' OVSDB gives, placeholders
/// for ports that do not exist yet). Planning moves that compile to each switch's numbers when
/// they differ; nothing compiles it again.
struct TopologySession {
    let topology: Topology
    let orchestrator: Orchestrator
    let compiled: [CheckedBridge]

    /// Reads `source`, connects, checks, runs `body`, and closes every connection however it
    /// ends. Prints and exits as `TopologyOptions.load()` does; when the nodes cannot be reached
    /// the policies are checked first, so their errors still come before the connection error.
    static func with<T: Sendable>(
        _ source: TopologyFile, _ body: (TopologySession) async throws -> T
    ) async throws -> T {
        let topology = try TopologyOptions.read(source)
        let orchestrator: Orchestrator
        do { orchestrator = try await Orchestrator.connect(topology) } catch {
            _ = try TopologyOptions.check(topology)
            throw fail("\(error)")
        }
        // The switches dump their tables while the file compiles.
        orchestrator.startReading()
        do {
            let loaded = try TopologyOptions.check(
                topology, portNumbers: await orchestrator.portNumberHints(),
                learnedMACs: await orchestrator.learnedPluginMACs())
            let result = try await body(
                TopologySession(topology: topology, orchestrator: orchestrator, compiled: loaded.checked))
            await orchestrator.close()
            return result
        } catch {
            await orchestrator.close()
            throw error
        }
    }
}
