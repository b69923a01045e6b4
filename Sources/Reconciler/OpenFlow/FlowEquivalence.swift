import OpenFlow

/// Whether what a switch reports equals what was sent, allowing for the ways a switch
/// normalizes without changing meaning.
enum FlowEquivalence {
    static func sameInstructions(_ actual: [Instruction], _ desired: [Instruction]) -> Bool {
        actual == desired
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
