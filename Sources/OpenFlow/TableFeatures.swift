import NIOCore

/// An instruction or action id in a table-features list: its type, plus the experimenter id
/// and data that follow for experimenter ids.
public struct TableFeatureID: Hashable, Sendable {
    public var type: UInt16
    public var body: ByteBuffer
    public init(type: UInt16, body: ByteBuffer = ByteBuffer()) {
        self.type = type
        self.body = body
    }
}

public enum TableFeatureProperty: Hashable, Sendable, PropertyFamily {
    case instructions([TableFeatureID], miss: Bool)
    case nextTables([UInt8], miss: Bool)
    case writeActions([TableFeatureID], miss: Bool)
    case applyActions([TableFeatureID], miss: Bool)
    case match([OXMHeader])
    case wildcards([OXMHeader])
    case writeSetField([OXMHeader], miss: Bool)
    case applySetField([OXMHeader], miss: Bool)
    case tableSyncFrom([UInt8])
    case experimenter(ExperimenterProperty, miss: Bool)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> TableFeatureProperty? {
        switch type {
        case 0, 1: return .instructions(try ids(&p), miss: type == 1)
        case 2, 3: return .nextTables(p.readRestArray(), miss: type == 3)
        case 4, 5: return .writeActions(try ids(&p), miss: type == 5)
        case 6, 7: return .applyActions(try ids(&p), miss: type == 7)
        case 8: return .match(try headers(&p))
        case 10: return .wildcards(try headers(&p))
        case 12, 13: return .writeSetField(try headers(&p), miss: type == 13)
        case 14, 15: return .applySetField(try headers(&p), miss: type == 15)
        case 16: return .tableSyncFrom(p.readRestArray())
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> TableFeatureProperty)? {
        type == 0xFFFE || type == 0xFFFF ? { .experimenter($0, miss: type == 0xFFFF) } : nil
    }

    private static func ids(_ p: inout WireReader) throws(OFDecodeError) -> [TableFeatureID] {
        var list = [TableFeatureID]()
        while p.readableBytes > 0 {
            let type = try p.readU16(.propertyLen)
            let length = Int(try p.readU16(.propertyLen))
            guard length >= 4 else { throw OFDecodeError(.propertyLen, "feature id shorter than 4 bytes") }
            var body = try p.readBytes(length - 4, .propertyLen)
            list.append(TableFeatureID(type: type, body: body.readRest()))
        }
        return list
    }

    private static func headers(_ p: inout WireReader) throws(OFDecodeError) -> [OXMHeader] {
        var list = [OXMHeader]()
        while p.readableBytes > 0 { list.append(try OXMHeader.read(from: &p, .propertyLen)) }
        return list
    }

    func write(into b: inout ByteBuffer) {
        func ids(_ type: UInt16, _ list: [TableFeatureID]) {
            writeProperty(type: type, into: &b) { b in
                for id in list {
                    b.writeInteger(id.type)
                    b.writeInteger(UInt16(truncatingIfNeeded: 4 + id.body.readableBytes))
                    b.writeImmutableBuffer(id.body)
                }
            }
        }
        func headers(_ type: UInt16, _ list: [OXMHeader]) {
            writeProperty(type: type, into: &b) { b in for h in list { h.write(into: &b) } }
        }
        switch self {
        case .instructions(let l, let miss): ids(miss ? 1 : 0, l)
        case .nextTables(let t, let miss): writeProperty(type: miss ? 3 : 2, into: &b) { $0.writeBytes(t) }
        case .writeActions(let l, let miss): ids(miss ? 5 : 4, l)
        case .applyActions(let l, let miss): ids(miss ? 7 : 6, l)
        case .match(let l): headers(8, l)
        case .wildcards(let l): headers(10, l)
        case .writeSetField(let l, let miss): headers(miss ? 13 : 12, l)
        case .applySetField(let l, let miss): headers(miss ? 15 : 14, l)
        case .tableSyncFrom(let t): writeProperty(type: 16, into: &b) { $0.writeBytes(t) }
        case .experimenter(let e, let miss):
            writeProperty(type: miss ? 0xFFFF : 0xFFFE, into: &b) { b in
                b.writeInteger(e.experimenter)
                b.writeInteger(e.expType)
                b.writeImmutableBuffer(e.data)
            }
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// ofp_table_features: one table's capabilities (request to set, reply to describe).
public struct TableFeatures: Hashable, Sendable {
    public var tableID: UInt8
    public var name: String
    public var metadataMatch: UInt64
    public var metadataWrite: UInt64
    public var capabilities: TableConfig
    public var maxEntries: UInt32
    public var properties: [TableFeatureProperty]

    public init(
        tableID: UInt8, name: String, metadataMatch: UInt64 = 0, metadataWrite: UInt64 = 0,
        capabilities: TableConfig = [],
        maxEntries: UInt32 = 0, properties: [TableFeatureProperty] = []
    ) {
        self.tableID = tableID
        self.name = name
        self.metadataMatch = metadataMatch
        self.metadataWrite = metadataWrite
        self.capabilities = capabilities
        self.maxEntries = maxEntries
        self.properties = properties
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [TableFeatures] {
        try readLengthPrefixed(from: &b, minimum: 64) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(2)
            let table = try e.readU8()
            try e.skip(5)
            let name = try e.readFixedString(32)
            let match = try e.readU64()
            let write = try e.readU64()
            let caps = try e.readU32()
            let maxEntries = try e.readU32()
            return TableFeatures(
                tableID: table, name: name, metadataMatch: match, metadataWrite: write,
                capabilities: TableConfig(rawValue: caps), maxEntries: maxEntries,
                properties: try TableFeatureProperty.readList(from: &e))
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeInteger(tableID)
        b.writeZeros(5)
        b.writeFixedString(name, length: 32)
        b.writeInteger(metadataMatch)
        b.writeInteger(metadataWrite)
        b.writeInteger(capabilities.rawValue)
        b.writeInteger(maxEntries)
        for p in properties { p.write(into: &b) }
        b.backfillLength16(at: len, from: start)
    }
}
