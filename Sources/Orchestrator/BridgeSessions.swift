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
    /// Each existing bridge's tables, being read since the command connected (`startReading`).
    private let reads = Mutex<[String: Task<SwitchTables.Read, any Error>]>([:])

    func reading(_ task: Task<SwitchTables.Read, any Error>, node: String, bridge: String) {
        reads.withLock { $0[Self.key(node, bridge)] = task }
    }

    /// The read started for the bridge, once: a second plan reads the switch again.
    func takeRead(node: String, bridge: String) -> Task<SwitchTables.Read, any Error>? {
        reads.withLock { $0.removeValue(forKey: Self.key(node, bridge)) }
    }

    static func key(_ node: String, _ bridge: String) -> String { "\(node)/\(bridge)" }

    subscript(node: String, bridge: String) -> Session? {
        get { sessions.withLock { $0[Self.key(node, bridge)] } }
        set { sessions.withLock { $0[Self.key(node, bridge)] = newValue } }
    }

    /// Closes every connection (the end of the command) and lets the compiles go on another
    /// thread: freeing thirty thousand flows and their keys took as long as a tenth of an
    /// unchanged apply, on the way out of the command.
    func closeAll(reason: String) {
        let ended = sessions.withLock { sessions in
            defer { sessions.removeAll() }
            return sessions
        }
        for session in ended.values { session.handle?.close(reason: reason) }
        for read in reads.withLock({ $0.values }) { read.cancel() }
        Task.detached(priority: .background) { withExtendedLifetime(ended) {} }
    }
}
