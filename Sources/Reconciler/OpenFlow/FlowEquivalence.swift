import OpenFlow
import OpenFlowText

/// Whether what a switch reports equals what was sent, allowing for the ways a switch
/// normalizes without changing meaning. The one notion of "the same flow" for the Reconciler
/// and for ofctl's replace-flows and diff-flows, which must agree with ovs-ofctl's.
enum FlowEquivalence {
    /// A flow with the same key is unchanged when cookie, timeouts, importance and instructions
    /// are (ovs-ofctl's `fte_version_equals`; flags and counters do not count).
    static func sameVersion(_ actual: FlowStats, _ desired: FlowMod, encoded: EncodedInstructions? = nil) -> Bool {
        guard
            actual.cookie == desired.cookie && actual.idleTimeout == desired.idleTimeout
                && actual.hardTimeout == desired.hardTimeout && actual.importance == desired.importance
        else { return false }
        if let encoded, actual.hasInstructionBytes(encoded) { return true }
        return sameInstructions(actual.instructions, desired.instructions)
    }

    /// Equal values, or, failing that, the same printed text: a switch may report an action in
    /// another encoding with the same meaning, and ovs-ofctl compares actions as text. The text
    /// is made only when the values differ, which is rare.
    static func sameInstructions(_ actual: [Instruction], _ desired: [Instruction]) -> Bool {
        actual == desired || ActionFormatter.format(actual) == ActionFormatter.format(desired)
    }

    /// OVS reports the buckets of an `all` or `indirect` group with weight 0 whatever was sent.
    static func sameBuckets(_ actual: [Bucket], _ desired: [Bucket], type: GroupType) -> Bool {
        guard actual.count == desired.count else { return false }
        return zip(actual, desired).allSatisfy { a, d in
            a.actions == d.actions && a.watchPort == d.watchPort && a.watchGroup == d.watchGroup
                && (type != .select || a.weight == d.weight)
        }
    }
}
