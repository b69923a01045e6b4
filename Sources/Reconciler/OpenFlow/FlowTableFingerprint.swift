import NIOCore
import OpenFlow

/// A digest of the entries a plan was computed against: the flows and groups Switchboard owns on
/// one switch (its cookie prefix, its group id range), as a dump reported them.
///
/// Why: a plan holds the exact messages to send, and those are right only for the tables they
/// were computed from. `apply` digests the switch's owned entries again before sending; a
/// different digest means someone changed them since planning, and the plan is refused as
/// stale (the OVSDB side refuses the same way, through its `wait` guards).
///
/// Order does not matter (a dump's order is the switch's), counters and durations do not count
/// (traffic is not a change). Each entry is hashed with `StableHash`, which is the same in every
/// process, so a digest written into a plan file is compared in another process. It detects
/// change; it is not a defence against someone forging a collision.
public struct FlowTableFingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    public private(set) var flows = 0
    public private(set) var groups = 0
    /// The wrapping sum of every entry's hash: independent of order.
    private var sum: UInt64 = 0

    public init() {}

    /// Adds a dumped flow: table, priority, cookie, timeouts, flags, importance, match and
    /// instructions (as the switch encoded them).
    public mutating func add(_ flow: FlowStats) {
        var hash = StableHash()
        hash.add(UInt64(flow.tableID))
        hash.add(UInt64(flow.priority))
        hash.add(flow.cookie)
        hash.add(UInt64(flow.idleTimeout) << 16 | UInt64(flow.hardTimeout))
        hash.add(UInt64(flow.flags.rawValue) << 16 | UInt64(flow.importance))
        flow.match.withTLVBytes { hash.add($0) }
        hash.add(0xFF)
        flow.withInstructionBytes { hash.add($0) }
        sum &+= hash.value
        flows += 1
    }

    /// Adds a group: id, type and buckets, as a GROUP_MOD would carry them.
    public mutating func add(_ group: GroupDescription) {
        var hash = StableHash()
        let message = OFMessage(
            .groupMod(GroupMod(command: .add, type: group.type, groupID: group.groupID, buckets: group.buckets)))
        message.bytes.withUnsafeReadableBytes { hash.add($0) }
        sum &+= hash.value ^ 0x9E37_79B9_7F4A_7C15
        groups += 1
    }

    /// The owned entries of a dump: flows whose cookie `ownsCookie` accepts, groups `ownsGroup` does.
    public static func owned(
        flows: some Sequence<FlowStats>, groups: some Sequence<GroupDescription>,
        ownsCookie: (UInt64) -> Bool, ownsGroup: (UInt32) -> Bool
    ) -> FlowTableFingerprint {
        var fingerprint = FlowTableFingerprint()
        for flow in flows where ownsCookie(flow.cookie) { fingerprint.add(flow) }
        for group in groups where ownsGroup(group.groupID) { fingerprint.add(group) }
        return fingerprint
    }

    /// `3 flows, 1 group, 5b0a…`: enough to tell two digests apart in an error.
    public var description: String {
        "\(flows) flow(s), \(groups) group(s), digest \(String(sum, radix: 16))"
    }
}

/// A fixed, seedless 64-bit hash (Swift's `Hasher` is seeded per process): FNV-1a's multiply
/// and xor taken eight bytes at a time, then a final mix. A dump of thirty thousand flows is
/// digested while it arrives, so it must cost little next to decoding it.
private struct StableHash {
    private var state: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    var value: UInt64 {
        var mixed = state
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        return mixed
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            add(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = UInt64(bytes.count - offset) << 56
        for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
        add(tail)
    }

    mutating func add(_ word: UInt64) {
        state = (state ^ word.littleEndian) &* Self.prime
    }
}
