import OVSDB
import OVSDBClient

/// `other_config:flow-restore-wait` on the Open_vSwitch row is how a restart keeps flows: with it
/// set, a starting ovs-vswitchd leaves its flow tables to whoever restores them (through each
/// bridge's management socket) and connects to no controller until the key is cleared. For the
/// bridges whose flows a topology manages, that restorer is `switchboard apply`: it installs the
/// flows first, then clears the key, never the other way round.
extension Orchestrator {
    static let flowRestoreWaitKey = "flow-restore-wait"

    /// Whether `snapshot`'s switch is waiting for its flows to be restored.
    static func isWaitingForFlowRestore(_ snapshot: DatabaseCache) -> Bool {
        snapshot.openVSwitch?.otherConfig[flowRestoreWaitKey] == "true"
    }

    /// Clears flow-restore-wait on `connection`'s node once its managed bridges' flows are in
    /// line (the caller has just verified them). Nothing is written for a node that manages no
    /// flows (another tool restores those) or that is not waiting. Returns whether it cleared.
    func finishFlowRestore(
        on connection: NodeConnection, progress: @Sendable (ApplyEvent) -> Void
    ) async throws(OrchestratorError) -> Bool {
        let node = connection.node
        guard node.bridges.contains(where: \.managesFlows),
            Self.isWaitingForFlowRestore(try await connection.snapshot())
        else { return false }
        do {
            _ = try await connection.replica.transact(maxAttempts: 1) { transaction in
                guard let root = transaction.snapshot.openVSwitch else { return }
                transaction.add(
                    .mutate(
                        table: OpenVSwitchRow.table, where: [.uuid(root.uuid)],
                        mutations: [
                            Mutation("other_config", .delete, .set([.string(Self.flowRestoreWaitKey)]))
                        ]))
            }
        } catch {
            throw .flowRestore(node: node.name, error)
        }
        let controlled = node.bridges.filter { $0.managesFlows && !$0.controllers.isEmpty }.map(\.name)
        progress(.flowRestoreFinished(node: node.name, bridgesWithControllers: controlled))
        return true
    }
}
