import PolicyCompiler
import Synchronization

/// The bridge policies an orchestrator has compiled, so each is compiled once however often it is
/// planned: `apply` plans a bridge, sends its bundle and plans it again to verify, and each plan
/// of ten thousand rules would otherwise compile them all again against the same port numbers.
/// The result is reused only for an equal `BridgePolicy` (same rules, port numbers and zone), so
/// it is always what compiling again would give. One entry per node and bridge: a changed file
/// or a renumbered port replaces it, so a long-running `serve` does not accumulate them.
final class PolicyCompilations: Sendable {
    private struct Entry {
        let policy: BridgePolicy
        let result: Result<CompiledPolicy, PolicyCompilationError>
    }

    private let entries: Mutex<[String: Entry]>

    init() {
        entries = Mutex([:])
    }

    /// What checking the file compiled, used as is when planning finds the port numbers it was
    /// compiled with.
    func remember(_ checked: [CheckedBridge]) {
        entries.withLock { entries in
            for bridge in checked {
                entries[Self.key(bridge.node, bridge.policy.bridge)] = Entry(
                    policy: bridge.policy, result: .success(bridge.compiled))
            }
        }
    }

    private static func key(_ node: String, _ bridge: String) -> String { "\(node)/\(bridge)" }

    func compile(_ policy: BridgePolicy, node: String) throws(PolicyCompilationError) -> CompiledPolicy {
        let key = Self.key(node, policy.bridge)
        let cached = entries.withLock { entries in entries[key].flatMap { $0.policy == policy ? $0.result : nil } }
        if let cached { return try cached.get() }
        let result = Result { () throws(PolicyCompilationError) in try PolicyCompiler().compile(policy) }
        entries.withLock { $0[key] = Entry(policy: policy, result: result) }
        return try result.get()
    }
}
