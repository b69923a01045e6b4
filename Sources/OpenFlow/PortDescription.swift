import NIOCore

public struct PortConfig: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let portDown = Self(rawValue: 1 << 0)
    public static let noReceive = Self(rawValue: 1 << 2)
    public static let noForward = Self(rawValue: 1 << 5)
    public static let noPacketIn = Self(rawValue: 1 << 6)
}

public struct PortState: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let linkDown = Self(rawValue: 1 << 0)
    public static let blocked = Self(rawValue: 1 << 1)
    public static let live = Self(rawValue: 1 << 2)
}

/// ofp_port_features bits (speeds, media, autonegotiation, pause).
public struct PortFeatures: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let rate10MbHD = Self(rawValue: 1 << 0)
    public static let rate10MbFD = Self(rawValue: 1 << 1)
    public static let rate100MbHD = Self(rawValue: 1 << 2)
    public static let rate100MbFD = Self(rawValue: 1 << 3)
    public static let rate1GbHD = Self(rawValue: 1 << 4)
    public static let rate1GbFD = Self(rawValue: 1 << 5)
    public static let rate10GbFD = Self(rawValue: 1 << 6)
    public static let rate40GbFD = Self(rawValue: 1 << 7)
    public static let rate100GbFD = Self(rawValue: 1 << 8)
    public static let rate1TbFD = Self(rawValue: 1 << 9)
    public static let other = Self(rawValue: 1 << 10)
    public static let copper = Self(rawValue: 1 << 11)
    public static let fiber = Self(rawValue: 1 << 12)
    public static let autoneg = Self(rawValue: 1 << 13)
    public static let pause = Self(rawValue: 1 << 14)
    public static let pauseAsym = Self(rawValue: 1 << 15)
}

public enum PortDescriptionProperty: Hashable, Sendable, PropertyFamily {
    public struct Ethernet: Hashable, Sendable {
        public var current: PortFeatures
        public var advertised: PortFeatures
        public var supported: PortFeatures
        public var peer: PortFeatures
        public var currentSpeedKbps: UInt32
        public var maxSpeedKbps: UInt32
        public init(
            current: PortFeatures = [], advertised: PortFeatures = [], supported: PortFeatures = [],
            peer: PortFeatures = [], currentSpeedKbps: UInt32 = 0, maxSpeedKbps: UInt32 = 0
        ) {
            self.current = current
            self.advertised = advertised
            self.supported = supported
            self.peer = peer
            self.currentSpeedKbps = currentSpeedKbps
            self.maxSpeedKbps = maxSpeedKbps
        }
    }

    public struct Optical: Hashable, Sendable {
        public var supported: UInt32
        public var txMinFreqLambda: UInt32
        public var txMaxFreqLambda: UInt32
        public var txGridFreqLambda: UInt32
        public var rxMinFreqLambda: UInt32
        public var rxMaxFreqLambda: UInt32
        public var rxGridFreqLambda: UInt32
        public var txPowerMin: UInt16
        public var txPowerMax: UInt16
        public init(
            supported: UInt32 = 0, txMinFreqLambda: UInt32 = 0, txMaxFreqLambda: UInt32 = 0,
            txGridFreqLambda: UInt32 = 0,
            rxMinFreqLambda: UInt32 = 0, rxMaxFreqLambda: UInt32 = 0, rxGridFreqLambda: UInt32 = 0,
            txPowerMin: UInt16 = 0, txPowerMax: UInt16 = 0
        ) {
            self.supported = supported
            self.txMinFreqLambda = txMinFreqLambda
            self.txMaxFreqLambda = txMaxFreqLambda
            self.txGridFreqLambda = txGridFreqLambda
            self.rxMinFreqLambda = rxMinFreqLambda
            self.rxMaxFreqLambda = rxMaxFreqLambda
            self.rxGridFreqLambda = rxGridFreqLambda
            self.txPowerMin = txPowerMin
            self.txPowerMax = txPowerMax
        }
    }

    case ethernet(Ethernet)
    case optical(Optical)
    case experimenter(ExperimenterProperty)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> PortDescriptionProperty? {
        let code = OFErrorCode.propertyLen
        switch type {
        case 0:
            guard p.readableBytes == 28 else {
                throw OFDecodeError(code, "ethernet port property must be 32 bytes")
            }
            try p.skip(4, code)
            return
                .ethernet(
                    Ethernet(
                        current: PortFeatures(rawValue: try p.readU32(code)),
                        advertised: PortFeatures(rawValue: try p.readU32(code)),
                        supported: PortFeatures(rawValue: try p.readU32(code)),
                        peer: PortFeatures(rawValue: try p.readU32(code)),
                        currentSpeedKbps: try p.readU32(code), maxSpeedKbps: try p.readU32(code)))
        case 1:
            guard p.readableBytes == 36 else { throw OFDecodeError(code, "optical port property must be 40 bytes") }
            try p.skip(4, code)
            return
                .optical(
                    Optical(
                        supported: try p.readU32(code), txMinFreqLambda: try p.readU32(code),
                        txMaxFreqLambda: try p.readU32(code),
                        txGridFreqLambda: try p.readU32(code), rxMinFreqLambda: try p.readU32(code),
                        rxMaxFreqLambda: try p.readU32(code),
                        rxGridFreqLambda: try p.readU32(code), txPowerMin: try p.readU16(code),
                        txPowerMax: try p.readU16(code)))
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> PortDescriptionProperty)? {
        type == 0xFFFF ? { .experimenter($0) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .ethernet(let e):
            writeProperty(type: 0, into: &b) { b in
                b.writeZeros(4)
                b.writeInteger(e.current.rawValue)
                b.writeInteger(e.advertised.rawValue)
                b.writeInteger(e.supported.rawValue)
                b.writeInteger(e.peer.rawValue)
                b.writeInteger(e.currentSpeedKbps)
                b.writeInteger(e.maxSpeedKbps)
            }
        case .optical(let o):
            writeProperty(type: 1, into: &b) { b in
                b.writeZeros(4)
                b.writeInteger(o.supported)
                b.writeInteger(o.txMinFreqLambda)
                b.writeInteger(o.txMaxFreqLambda)
                b.writeInteger(o.txGridFreqLambda)
                b.writeInteger(o.rxMinFreqLambda)
                b.writeInteger(o.rxMaxFreqLambda)
                b.writeInteger(o.rxGridFreqLambda)
                b.writeInteger(o.txPowerMin)
                b.writeInteger(o.txPowerMax)
            }
        case .experimenter(let e): e.write(into: &b)
        case .unknown(let raw): raw.write(into: &b)
        }
    }
}

/// The experimenter property shape shared by every OpenFlow 1.4 property list.
public struct ExperimenterProperty: Hashable, Sendable {
    public var experimenter: UInt32
    public var expType: UInt32
    public var data: ByteBuffer
    public init(experimenter: UInt32, expType: UInt32, data: ByteBuffer = ByteBuffer()) {
        self.experimenter = experimenter
        self.expType = expType
        self.data = data
    }

    /// `p` is the property payload (after type and length).
    static func read(
        from p: inout WireReader, code: OFErrorCode = .propertyLen
    ) throws(OFDecodeError)
        -> ExperimenterProperty
    {
        let experimenter = try p.readU32(code)
        let expType = try p.readU32(code)
        let data = p.readRest()
        return ExperimenterProperty(experimenter: experimenter, expType: expType, data: data)
    }

    func write(into b: inout ByteBuffer) {
        writeProperty(type: 0xFFFF, into: &b) { b in
            b.writeInteger(experimenter)
            b.writeInteger(expType)
            b.writeImmutableBuffer(data)
        }
    }
}

/// ofp_port as of OpenFlow 1.4 (with properties).
public struct PortDescription: Hashable, Sendable {
    public var portNumber: PortNumber
    public var hardwareAddress: EthernetAddress
    public var name: String
    public var config: PortConfig
    public var state: PortState
    public var properties: [PortDescriptionProperty]

    public init(
        portNumber: PortNumber, hardwareAddress: EthernetAddress, name: String, config: PortConfig = [],
        state: PortState = [], properties: [PortDescriptionProperty] = []
    ) {
        self.portNumber = portNumber
        self.hardwareAddress = hardwareAddress
        self.name = name
        self.config = config
        self.state = state
        self.properties = properties
    }

    public var ethernet: PortDescriptionProperty.Ethernet? {
        for case .ethernet(let e) in properties { return e }
        return nil
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> PortDescription {
        let port = try b.readU32()
        let length = Int(try b.readU16())
        guard length >= 40 else { throw OFDecodeError(.requestLen, "port description shorter than 40 bytes") }
        var body = try b.readBytes(length - 6)
        try body.skip(2)
        let hw = try body.readEthernetAddress()
        try body.skip(2)
        let name = try body.readFixedString(16)
        let config = try body.readU32()
        let state = try body.readU32()
        let props = try PortDescriptionProperty.readList(from: &body)
        return PortDescription(
            portNumber: PortNumber(port), hardwareAddress: hw, name: name,
            config: PortConfig(rawValue: config), state: PortState(rawValue: state), properties: props)
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        b.writeInteger(portNumber.rawValue)
        let len = b.reserveLength16()
        b.writeZeros(2)
        b.writeEthernetAddress(hardwareAddress)
        b.writeZeros(2)
        b.writeFixedString(name, length: 16)
        b.writeInteger(config.rawValue)
        b.writeInteger(state.rawValue)
        for p in properties { p.write(into: &b) }
        b.backfillLength16(at: len, from: start)
    }
}

public struct PortStatusReason: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let add = Self(rawValue: 0)
    public static let delete = Self(rawValue: 1)
    public static let modify = Self(rawValue: 2)
}

/// OFPT_PORT_STATUS.
public struct PortStatus: Hashable, Sendable {
    public var reason: PortStatusReason
    public var port: PortDescription

    public init(reason: PortStatusReason, port: PortDescription) {
        self.reason = reason
        self.port = port
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> PortStatus {
        let reason = try b.readU8()
        try b.skip(7)
        return PortStatus(reason: PortStatusReason(rawValue: reason), port: try PortDescription.read(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(reason.rawValue)
        b.writeZeros(7)
        port.write(into: &b)
    }
}

extension ByteBuffer {
    mutating func writeEthernetAddress(_ a: EthernetAddress) {
        writeInteger(UInt16(truncatingIfNeeded: a.rawValue >> 32))
        writeInteger(UInt32(truncatingIfNeeded: a.rawValue))
    }
}
