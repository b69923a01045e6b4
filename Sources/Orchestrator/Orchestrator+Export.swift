import OVSDB
import Reconciler
import Topology

extension Orchestrator {
    /// Reads one node's live state and returns it as a topology (`switchboard export`).
    public static func export(
        endpoint: Endpoint, name: String? = nil, node: String = "local", bridges: [String]? = nil
    ) async throws(OrchestratorError) -> Topology {
        let connection = try await NodeConnection.open(TopologyNode(name: node, endpoint: endpoint, bridges: []))
        let snapshot: DatabaseCache
        do { snapshot = try await connection.snapshot() } catch {
            await connection.replica.stop()
            throw error
        }
        await connection.replica.stop()
        return Exporter.topology(snapshot, name: name, node: node, endpoint: endpoint, bridges: bridges)
    }
}
