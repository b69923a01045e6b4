/// A flow-managed bridge's policy as checking the file compiled it (against the live port
/// numbers or the placeholders, as `policy.portNumbers` says).
public struct CheckedBridge: Sendable {
    public let node: String
    public let policy: BridgePolicy
    public let compiled: CompiledPolicy

    public init(node: String, policy: BridgePolicy, compiled: CompiledPolicy) {
        self.node = node
        self.policy = policy
        self.compiled = compiled
    }
}
