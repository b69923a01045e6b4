import Orchestrator
import Topology

extension TopologyOptions {
    /// For `plan` and `apply`: reads the file, connects to its nodes, then checks the policies
    /// against the live port numbers of the bridges that have their ports already. That check's
    /// compile is then the one planning uses, so a bridge of ten thousand rules is compiled once
    /// per command rather than twice. Prints and exits as `load()` does; when the nodes cannot be
    /// reached the policies are checked against placeholders first, so their errors still come
    /// before the connection error.
    func connect() async throws -> (Topology, Orchestrator) {
        let topology = try read()
        let orchestrator: Orchestrator
        do { orchestrator = try await Orchestrator.connect(topology) } catch {
            _ = try check(topology)
            throw fail("\(error)")
        }
        do {
            let loaded = try check(
                topology, portNumbers: await orchestrator.livePortNumbers(),
                learnedMACs: await orchestrator.learnedPluginMACs())
            orchestrator.reuse(loaded.checked)
        } catch {
            await orchestrator.close()
            throw error
        }
        return (topology, orchestrator)
    }
}
