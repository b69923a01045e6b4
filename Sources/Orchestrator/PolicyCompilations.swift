import OpenFlow
import PolicyCompiler
import Reconciler
import Synchronization

/// The bridge policies `serve --topology` (`TopologyApp`) has compiled, so each is compiled once
/// however often its switch reconnects or reports a port: each reconcile of ten thousand rules
/// would otherwise compile them all again against the same port numbers. (`plan` and `apply`
/// compile once per command and keep the compile in `BridgeSessions` instead.)
/// The result is reused for an equal `BridgePolicy` (same rules, port numbers and zone), and
/// renumbered for one that differs only in port numbers, so it is always what compiling again
/// would give. Its flows keyed for planning (`DesiredFlows`) are kept with it for the same
/// reason. One entry per node and bridge: a changed file or a renumbered port replaces it, so a
/// long-running `serve` does not accumulate them.
final class PolicyCompilations: Sendable {
    private struct Entry {
        let policy: BridgePolicy
        let result: Result<CompiledPolicy, PolicyCompilationError>
        var desired: Task<DesiredFlows, Never>?
    }

    private let entries: Mutex<[String: Entry]>

    init() {
        entries = Mutex([:])
    }

    private static func key(_ node: String, _ bridge: String) -> String { "\(node)/\(bridge)" }

    /// What compiling `policy` gives, from an entry that differs from it only in port numbers
    /// (a bridge checked against placeholders, then created by apply): see
    /// `CompiledPolicy.renumbered(from:to:)`.
    private static func renumbered(_ entry: Entry, to policy: BridgePolicy) -> CompiledPolicy? {
        guard case .success(let compiled) = entry.result else { return nil }
        var samePorts = entry.policy
        samePorts.portNumbers = policy.portNumbers
        guard samePorts == policy else { return nil }
        return compiled.renumbered(from: entry.policy.portNumbers, to: policy.portNumbers)
    }

    func compile(_ policy: BridgePolicy, node: String) throws(PolicyCompilationError) -> CompiledPolicy {
        let key = Self.key(node, policy.bridge)
        let entry = entries.withLock { $0[key] }
        if let entry, entry.policy == policy { return try entry.result.get() }
        if let entry, let moved = Self.renumbered(entry, to: policy) {
            entries.withLock { $0[key] = Entry(policy: policy, result: .success(moved)) }
            return moved
        }
        let result = Result { () throws(PolicyCompilationError) in try PolicyCompiler().compile(policy) }
        entries.withLock { $0[key] = Entry(policy: policy, result: result) }
        return try result.get()
    }

    /// `flows` (those `compile(policy, node:)` gave) keyed for planning, once per compile and in
    /// the background: the plan before a bundle rarely needs it (a bridge apply has just created
    /// has no flows to compare), the verifying plan after it always does.
    func desiredFlows(_ flows: [FlowMod], policy: BridgePolicy, node: String) -> Task<DesiredFlows, Never> {
        let key = Self.key(node, policy.bridge)
        return entries.withLock { entries in
            if let entry = entries[key], entry.policy == policy, let desired = entry.desired { return desired }
            let task = Task.detached(priority: .userInitiated) { DesiredFlows(flows) }
            if entries[key]?.policy == policy { entries[key]?.desired = task }
            return task
        }
    }
}
