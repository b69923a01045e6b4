import NIOCore

public enum PortStatsProperty: Hashable, Sendable, PropertyFamily {
    public struct Ethernet: Hashable, Sendable {
        public var rxFrameErrors: UInt64
        public var rxOverErrors: UInt64
        public var rxCRCErrors: UInt64
        public var collisions: UInt64
        public init(
            rxFrameErrors: UInt64 = 0, rxOverErrors: UInt64 = 0, rxCRCErrors: UInt64 = 0, collisions: UInt64 = 0
        ) {
            self.rxFrameErrors = rxFrameErrors
            self.rxOverErrors = rxOverErrors
            self.rxCRCErrors = rxCRCErrors
            self.collisions = collisions
        }
    }

    public struct Optical: Hashable, Sendable {
        public var flags: UInt32
        public var txFreqLambda: UInt32
        public var txOffset: UInt32
        public var txGridSpan: UInt32
        public var rxFreqLambda: UInt32
        public var rxOffset: UInt32
        public var rxGridSpan: UInt32
        public var txPower: UInt16
        public var rxPower: UInt16
        public var biasCurrent: UInt16
        public var temperature: UInt16
        public init(
            flags: UInt32 = 0, txFreqLambda: UInt32 = 0, txOffset: UInt32 = 0, txGridSpan: UInt32 = 0,
            rxFreqLambda: UInt32 = 0,
            rxOffset: UInt32 = 0, rxGridSpan: UInt32 = 0, txPower: UInt16 = 0, rxPower: UInt16 = 0,
            biasCurrent: UInt16 = 0, temperature: UInt16 = 0
        ) {
            self.flags = flags
            self.txFreqLambda = txFreqLambda
            self.txOffset = txOffset
            self.txGridSpan = txGridSpan
            self.rxFreqLambda = rxFreqLambda
            self.rxOffset = rxOffset
            self.rxGridSpan = rxGridSpan
            self.txPower = txPower
            self.rxPower = rxPower
            self.biasCurrent = biasCurrent
            self.temperature = temperature
        }
    }

    case ethernet(Ethernet)
    case optical(Optical)
    case experimenter(ExperimenterProperty)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> PortStatsProperty? {
        let code = OFErrorCode.propertyLen
        switch type {
        case 0:
            guard p.readableBytes == 36 else {
                throw OFDecodeError(code, "ethernet port stats property must be 40 bytes")
            }
            try p.skip(4, code)
            return
                .ethernet(
                    Ethernet(
                        rxFrameErrors: try p.readU64(code), rxOverErrors: try p.readU64(code),
                        rxCRCErrors: try p.readU64(code), collisions: try p.readU64(code)))
        case 1:
            guard p.readableBytes == 40 else {
                throw OFDecodeError(code, "optical port stats property must be 44 bytes")
            }
            try p.skip(4, code)
            return
                .optical(
                    Optical(
                        flags: try p.readU32(code), txFreqLambda: try p.readU32(code),
                        txOffset: try p.readU32(code),
                        txGridSpan: try p.readU32(code), rxFreqLambda: try p.readU32(code),
                        rxOffset: try p.readU32(code),
                        rxGridSpan: try p.readU32(code), txPower: try p.readU16(code), rxPower: try p.readU16(code),
                        biasCurrent: try p.readU16(code), temperature: try p.readU16(code)))
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> PortStatsProperty)? {
        type == 0xFFFF ? { .experimenter($0) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .ethernet(let e):
            writeProperty(type: 0, into: &b) { b in
                b.writeZeros(4)
                b.writeInteger(e.rxFrameErrors)
                b.writeInteger(e.rxOverErrors)
                b.writeInteger(e.rxCRCErrors)
                b.writeInteger(e.collisions)
            }
        case .optical(let o):
            writeProperty(type: 1, into: &b) { b in
                b.writeZeros(4)
                b.writeInteger(o.flags)
                b.writeInteger(o.txFreqLambda)
                b.writeInteger(o.txOffset)
                b.writeInteger(o.txGridSpan)
                b.writeInteger(o.rxFreqLambda)
                b.writeInteger(o.rxOffset)
                b.writeInteger(o.rxGridSpan)
                b.writeInteger(o.txPower)
                b.writeInteger(o.rxPower)
                b.writeInteger(o.biasCurrent)
                b.writeInteger(o.temperature)
            }
        case .experimenter(let e): e.write(into: &b)
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// One entry of an OFPMP_PORT_STATS reply.
public struct PortStats: Hashable, Sendable {
    public var portNumber: PortNumber
    public var durationSec: UInt32
    public var durationNSec: UInt32
    public var rxPackets: UInt64
    public var txPackets: UInt64
    public var rxBytes: UInt64
    public var txBytes: UInt64
    public var rxDropped: UInt64
    public var txDropped: UInt64
    public var rxErrors: UInt64
    public var txErrors: UInt64
    public var properties: [PortStatsProperty]

    public init(
        portNumber: PortNumber, durationSec: UInt32 = 0, durationNSec: UInt32 = 0, rxPackets: UInt64 = 0,
        txPackets: UInt64 = 0, rxBytes: UInt64 = 0, txBytes: UInt64 = 0, rxDropped: UInt64 = 0, txDropped: UInt64 = 0,
        rxErrors: UInt64 = 0, txErrors: UInt64 = 0, properties: [PortStatsProperty] = []
    ) {
        self.portNumber = portNumber
        self.durationSec = durationSec
        self.durationNSec = durationNSec
        self.rxPackets = rxPackets
        self.txPackets = txPackets
        self.rxBytes = rxBytes
        self.txBytes = txBytes
        self.rxDropped = rxDropped
        self.txDropped = txDropped
        self.rxErrors = rxErrors
        self.txErrors = txErrors
        self.properties = properties
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [PortStats] {
        try readLengthPrefixed(from: &b, minimum: 80) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(4)
            return PortStats(
                portNumber: PortNumber(try e.readU32()), durationSec: try e.readU32(), durationNSec: try e.readU32(),
                rxPackets: try e.readU64(), txPackets: try e.readU64(), rxBytes: try e.readU64(),
                txBytes: try e.readU64(), rxDropped: try e.readU64(), txDropped: try e.readU64(),
                rxErrors: try e.readU64(), txErrors: try e.readU64(),
                properties: try PortStatsProperty.readList(from: &e))
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeZeros(2)
        b.writeInteger(portNumber.rawValue)
        b.writeInteger(durationSec)
        b.writeInteger(durationNSec)
        b.writeInteger(rxPackets)
        b.writeInteger(txPackets)
        b.writeInteger(rxBytes)
        b.writeInteger(txBytes)
        b.writeInteger(rxDropped)
        b.writeInteger(txDropped)
        b.writeInteger(rxErrors)
        b.writeInteger(txErrors)
        for p in properties { p.write(into: &b) }
        b.backfillLength16(at: len, from: start)
    }
}

/// Properties of queue stats and queue descriptions: typed rates plus anything else raw.
public enum QueueProperty: Hashable, Sendable, PropertyFamily {
    /// In 1/10 of a percent; values above 1000 mean disabled.
    case minRate(UInt16)
    case maxRate(UInt16)
    case experimenter(ExperimenterProperty)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> QueueProperty? {
        switch type {
        case 1, 2:
            guard p.readableBytes == 4 else { throw OFDecodeError(.propertyLen, "rate property must be 8 bytes") }
            let rate = try p.readU16(.propertyLen)
            return type == 1 ? .minRate(rate) : .maxRate(rate)
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> QueueProperty)? {
        type == 0xFFFF ? { .experimenter($0) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .minRate(let r):
            writeProperty(type: 1, into: &b) {
                $0.writeInteger(r); $0.writeZeros(2)
            }
        case .maxRate(let r):
            writeProperty(type: 2, into: &b) {
                $0.writeInteger(r); $0.writeZeros(2)
            }
        case .experimenter(let e): e.write(into: &b)
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// One entry of an OFPMP_QUEUE_STATS reply.
public struct QueueStats: Hashable, Sendable {
    public var portNumber: PortNumber
    public var queueID: UInt32
    public var txBytes: UInt64
    public var txPackets: UInt64
    public var txErrors: UInt64
    public var durationSec: UInt32
    public var durationNSec: UInt32
    public var properties: [QueueProperty]

    public init(
        portNumber: PortNumber, queueID: UInt32, txBytes: UInt64 = 0, txPackets: UInt64 = 0, txErrors: UInt64 = 0,
        durationSec: UInt32 = 0, durationNSec: UInt32 = 0, properties: [QueueProperty] = []
    ) {
        self.portNumber = portNumber
        self.queueID = queueID
        self.txBytes = txBytes
        self.txPackets = txPackets
        self.txErrors = txErrors
        self.durationSec = durationSec
        self.durationNSec = durationNSec
        self.properties = properties
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [QueueStats] {
        try readLengthPrefixed(from: &b, minimum: 48) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(8)
            return QueueStats(
                portNumber: PortNumber(try e.readU32()), queueID: try e.readU32(), txBytes: try e.readU64(),
                txPackets: try e.readU64(), txErrors: try e.readU64(), durationSec: try e.readU32(),
                durationNSec: try e.readU32(), properties: try QueueProperty.readList(from: &e))
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeZeros(6)
        b.writeInteger(portNumber.rawValue)
        b.writeInteger(queueID)
        b.writeInteger(txBytes)
        b.writeInteger(txPackets)
        b.writeInteger(txErrors)
        b.writeInteger(durationSec)
        b.writeInteger(durationNSec)
        for p in properties { p.write(into: &b) }
        b.backfillLength16(at: len, from: start)
    }
}

/// One entry of an OFPMP_QUEUE_DESC reply.
public struct QueueDescription: Hashable, Sendable {
    public var portNumber: PortNumber
    public var queueID: UInt32
    public var properties: [QueueProperty]

    public init(portNumber: PortNumber, queueID: UInt32, properties: [QueueProperty] = []) {
        self.portNumber = portNumber
        self.queueID = queueID
        self.properties = properties
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [QueueDescription] {
        try readLengthPrefixed(from: &b, lengthOffset: 8, minimum: 16) { (e: inout WireReader) throws(OFDecodeError) in
            let port = try e.readU32()
            let queue = try e.readU32()
            try e.skip(8)
            return QueueDescription(
                portNumber: PortNumber(port), queueID: queue, properties: try QueueProperty.readList(from: &e))
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        b.writeInteger(portNumber.rawValue)
        b.writeInteger(queueID)
        let len = b.reserveLength16()
        b.writeZeros(6)
        for p in properties { p.write(into: &b) }
        b.backfillLength16(at: len, from: start)
    }
}
