import NIOCore

public enum PortModProperty: Hashable, Sendable, PropertyFamily {
    case ethernet(advertise: PortFeatures)
    case optical(configure: UInt32, freqLambda: UInt32, fineTuneOffset: Int32, gridSpan: UInt32, txPower: UInt32)
    case experimenter(ExperimenterProperty)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> PortModProperty? {
        let code = OFErrorCode.propertyLen
        switch type {
        case 0:
            guard p.readableBytes == 4 else {
                throw OFDecodeError(code, "ethernet port mod property must be 8 bytes")
            }
            return .ethernet(advertise: PortFeatures(rawValue: try p.readU32(code)))
        case 1:
            guard p.readableBytes == 20 else {
                throw OFDecodeError(code, "optical port mod property must be 24 bytes")
            }
            return
                .optical(
                    configure: try p.readU32(code), freqLambda: try p.readU32(code),
                    fineTuneOffset: try p.read(Int32.self, code), gridSpan: try p.readU32(code),
                    txPower: try p.readU32(code))
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> PortModProperty)? {
        type == 0xFFFF ? { .experimenter($0) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .ethernet(let advertise): writeProperty(type: 0, into: &b) { $0.writeInteger(advertise.rawValue) }
        case .optical(let configure, let freq, let offset, let grid, let power):
            writeProperty(type: 1, into: &b) { b in
                b.writeInteger(configure)
                b.writeInteger(freq)
                b.writeInteger(offset)
                b.writeInteger(grid)
                b.writeInteger(power)
            }
        case .experimenter(let e): e.write(into: &b)
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// OFPT_PORT_MOD.
public struct PortMod: Hashable, Sendable {
    public var portNumber: PortNumber
    public var hardwareAddress: EthernetAddress
    public var config: PortConfig
    public var mask: PortConfig
    public var properties: [PortModProperty]

    public init(
        portNumber: PortNumber, hardwareAddress: EthernetAddress, config: PortConfig, mask: PortConfig,
        properties: [PortModProperty] = []
    ) {
        self.portNumber = portNumber
        self.hardwareAddress = hardwareAddress
        self.config = config
        self.mask = mask
        self.properties = properties
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> PortMod {
        let port = try b.readU32()
        try b.skip(4)
        let hw = try b.readEthernetAddress()
        try b.skip(2)
        let config = try b.readU32()
        let mask = try b.readU32()
        return PortMod(
            portNumber: PortNumber(port), hardwareAddress: hw, config: PortConfig(rawValue: config),
            mask: PortConfig(rawValue: mask), properties: try PortModProperty.readList(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(portNumber.rawValue)
        b.writeZeros(4)
        b.writeEthernetAddress(hardwareAddress)
        b.writeZeros(2)
        b.writeInteger(config.rawValue)
        b.writeInteger(mask.rawValue)
        for p in properties { p.write(into: &b) }
    }
}

/// OFPT_TABLE_MOD.
public struct TableMod: Hashable, Sendable {
    public var tableID: UInt8
    public var config: TableConfig
    public var properties: [TableModProperty]

    public init(tableID: UInt8, config: TableConfig = [], properties: [TableModProperty] = []) {
        self.tableID = tableID
        self.config = config
        self.properties = properties
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> TableMod {
        let table = try b.readU8()
        try b.skip(3)
        let config = try b.readU32()
        return TableMod(
            tableID: table, config: TableConfig(rawValue: config), properties: try TableModProperty.readList(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(tableID)
        b.writeZeros(3)
        b.writeInteger(config.rawValue)
        for p in properties { p.write(into: &b) }
    }
}
