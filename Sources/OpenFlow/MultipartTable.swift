import NIOCore

/// One entry of an OFPMP_TABLE reply.
public struct TableStats: Hashable, Sendable {
    public var tableID: UInt8
    public var activeCount: UInt32
    public var lookupCount: UInt64
    public var matchedCount: UInt64

    public init(tableID: UInt8, activeCount: UInt32 = 0, lookupCount: UInt64 = 0, matchedCount: UInt64 = 0) {
        self.tableID = tableID
        self.activeCount = activeCount
        self.lookupCount = lookupCount
        self.matchedCount = matchedCount
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [TableStats] {
        guard b.readableBytes % 24 == 0 else {
            throw OFDecodeError(.requestLen, "table stats not a multiple of 24 bytes")
        }
        var list = [TableStats]()
        list.reserveCapacity(b.readableBytes / 24)
        while b.readableBytes > 0 {
            let table = try b.readU8()
            try b.skip(3)
            list.append(
                TableStats(
                    tableID: table, activeCount: try b.readU32(), lookupCount: try b.readU64(),
                    matchedCount: try b.readU64()))
        }
        return list
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(tableID)
        b.writeZeros(3)
        b.writeInteger(activeCount)
        b.writeInteger(lookupCount)
        b.writeInteger(matchedCount)
    }
}

/// OFPTC_* table configuration bits.
public struct TableConfig: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let eviction = Self(rawValue: 1 << 2)
    public static let vacancyEvents = Self(rawValue: 1 << 3)
}

/// Properties of TABLE_MOD, table descriptions and TABLE_STATUS.
public enum TableModProperty: Hashable, Sendable, PropertyFamily {
    /// OFPTMPEF_* bits (other, importance, lifetime).
    case eviction(flags: UInt32)
    case vacancy(down: UInt8, up: UInt8, vacancy: UInt8)
    case experimenter(ExperimenterProperty)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> TableModProperty? {
        let code = OFErrorCode.propertyLen
        switch type {
        case 2:
            guard p.readableBytes == 4 else { throw OFDecodeError(code, "eviction property must be 8 bytes") }
            return .eviction(flags: try p.readU32(code))
        case 3:
            guard p.readableBytes == 4 else { throw OFDecodeError(code, "vacancy property must be 8 bytes") }
            return .vacancy(down: try p.readU8(code), up: try p.readU8(code), vacancy: try p.readU8(code))
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> TableModProperty)? {
        type == 0xFFFF ? { .experimenter($0) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .eviction(let flags): writeProperty(type: 2, into: &b) { $0.writeInteger(flags) }
        case .vacancy(let down, let up, let vacancy):
            writeProperty(type: 3, into: &b) { b in
                b.writeInteger(down)
                b.writeInteger(up)
                b.writeInteger(vacancy)
                b.writeZeros(1)
            }
        case .experimenter(let e): e.write(into: &b)
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// One entry of an OFPMP_TABLE_DESC reply (also the body of TABLE_STATUS).
public struct TableDescription: Hashable, Sendable {
    public var tableID: UInt8
    public var config: TableConfig
    public var properties: [TableModProperty]

    public init(tableID: UInt8, config: TableConfig = [], properties: [TableModProperty] = []) {
        self.tableID = tableID
        self.config = config
        self.properties = properties
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [TableDescription] {
        try readLengthPrefixed(from: &b, minimum: 8) { (e: inout WireReader) throws(OFDecodeError) in
            try readOne(from: &e)
        }
    }

    /// `e` starts at the entry's length field.
    static func readOne(from e: inout WireReader) throws(OFDecodeError) -> TableDescription {
        try e.skip(2)
        let table = try e.readU8()
        try e.skip(1)
        let config = try e.readU32()
        return TableDescription(
            tableID: table, config: TableConfig(rawValue: config), properties: try TableModProperty.readList(from: &e))
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeInteger(tableID)
        b.writeZeros(1)
        b.writeInteger(config.rawValue)
        for p in properties { p.write(into: &b) }
        b.backfillLength16(at: len, from: start)
    }
}
