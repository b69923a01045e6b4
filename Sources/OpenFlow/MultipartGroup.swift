import NIOCore

/// One entry of an OFPMP_GROUP reply.
public struct GroupStats: Hashable, Sendable {
    public struct BucketCounter: Hashable, Sendable {
        public var packetCount: UInt64
        public var byteCount: UInt64
        public init(packetCount: UInt64, byteCount: UInt64) {
            self.packetCount = packetCount
            self.byteCount = byteCount
        }
    }

    public var groupID: UInt32
    public var refCount: UInt32
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var durationSec: UInt32
    public var durationNSec: UInt32
    public var buckets: [BucketCounter]

    public init(
        groupID: UInt32, refCount: UInt32 = 0, packetCount: UInt64 = 0, byteCount: UInt64 = 0, durationSec: UInt32 = 0,
        durationNSec: UInt32 = 0, buckets: [BucketCounter] = []
    ) {
        self.groupID = groupID
        self.refCount = refCount
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.durationSec = durationSec
        self.durationNSec = durationNSec
        self.buckets = buckets
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [GroupStats] {
        try readLengthPrefixed(from: &b, minimum: 40) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(4)
            let group = try e.readU32()
            let refs = try e.readU32()
            try e.skip(4)
            let packets = try e.readU64()
            let bytes = try e.readU64()
            let sec = try e.readU32()
            let nsec = try e.readU32()
            guard e.readableBytes % 16 == 0 else {
                throw OFDecodeError(.requestLen, "bucket counters not a multiple of 16")
            }
            var buckets = [BucketCounter]()
            while e.readableBytes > 0 {
                buckets.append(BucketCounter(packetCount: try e.readU64(), byteCount: try e.readU64()))
            }
            return GroupStats(
                groupID: group, refCount: refs, packetCount: packets, byteCount: bytes, durationSec: sec,
                durationNSec: nsec, buckets: buckets)
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeZeros(2)
        b.writeInteger(groupID)
        b.writeInteger(refCount)
        b.writeZeros(4)
        b.writeInteger(packetCount)
        b.writeInteger(byteCount)
        b.writeInteger(durationSec)
        b.writeInteger(durationNSec)
        for c in buckets {
            b.writeInteger(c.packetCount)
            b.writeInteger(c.byteCount)
        }
        b.backfillLength16(at: len, from: start)
    }
}

/// One entry of an OFPMP_GROUP_DESC reply.
public struct GroupDescription: Hashable, Sendable {
    public var type: GroupType
    public var groupID: UInt32
    public var buckets: [Bucket]

    public init(type: GroupType, groupID: UInt32, buckets: [Bucket]) {
        self.type = type
        self.groupID = groupID
        self.buckets = buckets
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [GroupDescription] {
        try readLengthPrefixed(from: &b, minimum: 8) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(2)
            let type = try e.readU8()
            try e.skip(1)
            let group = try e.readU32()
            return GroupDescription(
                type: GroupType(rawValue: type), groupID: group, buckets: try Bucket.readList(from: &e))
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeInteger(type.rawValue)
        b.writeZeros(1)
        b.writeInteger(groupID)
        Bucket.writeList(buckets, into: &b)
        b.backfillLength16(at: len, from: start)
    }
}

/// OFPMP_GROUP_FEATURES reply.
public struct GroupFeatures: Hashable, Sendable {
    public struct Capabilities: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let selectWeight = Self(rawValue: 1 << 0)
        public static let selectLiveness = Self(rawValue: 1 << 1)
        public static let chaining = Self(rawValue: 1 << 2)
        public static let chainingChecks = Self(rawValue: 1 << 3)
    }

    /// Bitmap of supported group types (bit n = GroupType n).
    public var types: UInt32
    public var capabilities: Capabilities
    /// Indexed by group type (all, select, indirect, fast failover).
    public var maxGroups: [UInt32]
    /// Bitmaps of supported action types, indexed by group type.
    public var actions: [UInt32]

    public init(types: UInt32, capabilities: Capabilities, maxGroups: [UInt32], actions: [UInt32]) {
        self.types = types
        self.capabilities = capabilities
        self.maxGroups = maxGroups
        self.actions = actions
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> Self {
        let types = try b.readU32()
        let caps = try b.readU32()
        var maxGroups = [UInt32]()
        for _ in 0..<4 { maxGroups.append(try b.readU32()) }
        var actions = [UInt32]()
        for _ in 0..<4 { actions.append(try b.readU32()) }
        return Self(types: types, capabilities: Capabilities(rawValue: caps), maxGroups: maxGroups, actions: actions)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(types)
        b.writeInteger(capabilities.rawValue)
        // Always exactly four of each on the wire, whatever the arrays hold.
        for i in 0..<4 { b.writeInteger(i < maxGroups.count ? maxGroups[i] : 0) }
        for i in 0..<4 { b.writeInteger(i < actions.count ? actions[i] : 0) }
    }
}
