import Controller
import PolicyCompiler
import Reconciler
import Synchronization

/// What planning a flow-managed bridge leaves for applying it in the same command: the one
/// OpenFlow connection to its management socket, and its policy compiled against the port
/// numbers planned with, with those flows keyed. Apply sends on that connection and verifies
/// against that compile, so a command opens one connection per bridge and compiles once.
final class BridgeSessions: Sendable {
    struct Session: Sendable {
        var handle: Switch?
        /// The compile the plan's messages came from, and the numbers it carries.
        var compiled: CompiledPolicy
        var portNumbers: [String: UInt32]
        var desired: Task<DesiredFlows, Never>?
    }

    private let sessions = Mutex<[String: Session]>([:])

    static func key(_ node: String, _ bridge: String) -> String { "\(node)/\(bridge)" }

    subscript(node: String, bridge: String) -> Session? {
        get { sessions.withLock { $0[Self.key(node, bridge)] } }
        set { sessions.withLock { $0[Self.key(node, bridge)] = newValue } }
    }

    /// Closes every connection (the end of the command). The compiles stay until the
    /// orchestrator goes: freeing thirty thousand flows is wasted work on the way out of a command.
    func closeAll(reason: String) {
        let handles = sessions.withLock { $0.values.compactMap(\.handle) }
        for handle in handles { handle.close(reason: reason) }
    }
}
