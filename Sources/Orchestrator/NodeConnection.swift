import OVSDB
import OVSDBClient
import Reconciler
import TLSCredentials
import Topology

/// A live replica of one node's Open_vSwitch database.
struct NodeConnection: Sendable {
    let node: TopologyNode
    let replica: Replica

    static func open(_ node: TopologyNode) async throws(OrchestratorError) -> NodeConnection {
        let target: OVSDBTarget
        do { target = try OVSDBTarget(parsing: node.endpoint.target) } catch {
            throw .connect(node: node.name, error)
        }
        // The topology's plain paths become loadable files here, and only here.
        let tls = node.endpoint.tls.map {
            TLSFiles(privateKey: $0.privateKey, certificate: $0.certificate, caCertificate: $0.caCertificate)
        }
        let tables = ObservedState.monitoredColumns(managingFlows: node.bridges.contains(where: \.managesFlows))
            .mapValues { MonitorRequest(columns: $0) }
        let replica = Replica(Replica.Configuration(target: target, tls: tls, tables: tables))
        do { try await replica.start() } catch {
            await replica.stop()
            throw .connect(node: node.name, error)
        }
        return NodeConnection(node: node, replica: replica)
    }

    func snapshot() async throws(OrchestratorError) -> DatabaseCache {
        guard let snapshot = await replica.snapshot else {
            throw .connect(node: node.name, .connectionClosed("replica not connected"))
        }
        return snapshot
    }
}
