import NIOCore

public struct GroupModCommand: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let add = Self(rawValue: 0)
    public static let modify = Self(rawValue: 1)
    public static let delete = Self(rawValue: 2)
}

public struct GroupType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let all = Self(rawValue: 0)
    public static let select = Self(rawValue: 1)
    public static let indirect = Self(rawValue: 2)
    public static let fastFailover = Self(rawValue: 3)
}

public struct Bucket: Hashable, Sendable {
    public var weight: UInt16
    public var watchPort: PortNumber
    public var watchGroup: UInt32
    public var actions: [Action]

    public init(weight: UInt16 = 0, watchPort: PortNumber = .any, watchGroup: UInt32 = GroupID.any, actions: [Action]) {
        self.weight = weight
        self.watchPort = watchPort
        self.watchGroup = watchGroup
        self.actions = actions
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [Bucket] {
        let code = OFErrorCode.groupModFailed(.badBucket)
        var buckets = [Bucket]()
        while b.readableBytes > 0 {
            let length = Int(try b.readU16(code))
            guard length >= 16 else { throw OFDecodeError(code, "bucket shorter than 16 bytes") }
            var body = try b.readBytes(length - 2, code)
            let weight = try body.readU16(code)
            let watchPort = try body.readU32(code)
            let watchGroup = try body.readU32(code)
            try body.skip(4, code)
            let actions = try Action.readList(from: &body)
            buckets.append(
                Bucket(weight: weight, watchPort: PortNumber(watchPort), watchGroup: watchGroup, actions: actions))
        }
        return buckets
    }

    static func writeList(_ buckets: [Bucket], into b: inout ByteBuffer) {
        for bucket in buckets {
            let start = b.writerIndex
            let len = b.reserveLength16()
            b.writeInteger(bucket.weight)
            b.writeInteger(bucket.watchPort.rawValue)
            b.writeInteger(bucket.watchGroup)
            b.writeZeros(4)
            Action.writeList(bucket.actions, into: &b)
            b.backfillLength16(at: len, from: start)
        }
    }
}

/// OFPT_GROUP_MOD.
public struct GroupMod: Hashable, Sendable {
    public var command: GroupModCommand
    public var type: GroupType
    public var groupID: UInt32
    public var buckets: [Bucket]

    public init(command: GroupModCommand = .add, type: GroupType, groupID: UInt32, buckets: [Bucket] = []) {
        self.command = command
        self.type = type
        self.groupID = groupID
        self.buckets = buckets
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> GroupMod {
        let command = try b.readU16()
        let type = try b.readU8()
        try b.skip(1)
        let group = try b.readU32()
        let buckets = try Bucket.readList(from: &b)
        return GroupMod(
            command: GroupModCommand(rawValue: command), type: GroupType(rawValue: type), groupID: group,
            buckets: buckets)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(command.rawValue)
        b.writeInteger(type.rawValue)
        b.writeZeros(1)
        b.writeInteger(groupID)
        Bucket.writeList(buckets, into: &b)
    }
}
