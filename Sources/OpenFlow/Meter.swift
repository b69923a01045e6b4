import NIOCore

public struct MeterFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let kbps = Self(rawValue: 1 << 0)
    public static let pktps = Self(rawValue: 1 << 1)
    public static let burst = Self(rawValue: 1 << 2)
    public static let stats = Self(rawValue: 1 << 3)
}

public enum MeterBand: Hashable, Sendable {
    case drop(rate: UInt32, burstSize: UInt32)
    case dscpRemark(rate: UInt32, burstSize: UInt32, precedenceLevel: UInt8)
    /// `data` follows the experimenter id.
    case experimenter(rate: UInt32, burstSize: UInt32, experimenter: UInt32, data: ByteBuffer)
    /// `data` follows rate and burst size (padding included).
    case unknown(type: UInt16, rate: UInt32, burstSize: UInt32, data: ByteBuffer)

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [MeterBand] {
        let code = OFErrorCode.meterModFailed(.badBand)
        var bands = [MeterBand]()
        while b.readableBytes > 0 {
            let type = try b.readU16(code)
            let length = Int(try b.readU16(code))
            guard length >= 16, length % 8 == 0 else { throw OFDecodeError(code, "meter band length \(length)") }
            var e = try b.readBytes(length - 4, code)
            let rate = try e.readU32(code)
            let burst = try e.readU32(code)
            switch type {
            case 1:
                guard length == 16 else { throw OFDecodeError(code, "drop band must be 16 bytes") }
                bands.append(.drop(rate: rate, burstSize: burst))
            case 2:
                guard length == 16 else { throw OFDecodeError(code, "dscp_remark band must be 16 bytes") }
                bands.append(.dscpRemark(rate: rate, burstSize: burst, precedenceLevel: try e.readU8(code)))
            case 0xFFFF:
                let experimenter = try e.readU32(code)
                bands.append(
                    .experimenter(
                        rate: rate, burstSize: burst, experimenter: experimenter,
                        data: e.readRest()))
            default:
                bands.append(.unknown(type: type, rate: rate, burstSize: burst, data: e.readRest()))
            }
        }
        return bands
    }

    static func writeList(_ bands: [MeterBand], into b: inout ByteBuffer) {
        for band in bands {
            let start = b.writerIndex
            switch band {
            case .drop(let rate, let burst):
                b.writeInteger(UInt16(1))
                b.writeInteger(UInt16(16))
                b.writeInteger(rate)
                b.writeInteger(burst)
                b.writeZeros(4)
            case .dscpRemark(let rate, let burst, let prec):
                b.writeInteger(UInt16(2))
                b.writeInteger(UInt16(16))
                b.writeInteger(rate)
                b.writeInteger(burst)
                b.writeInteger(prec)
                b.writeZeros(3)
            case .experimenter(let rate, let burst, let experimenter, let data):
                b.writeInteger(UInt16(0xFFFF))
                let len = b.reserveLength16()
                b.writeInteger(rate)
                b.writeInteger(burst)
                b.writeInteger(experimenter)
                b.writeImmutableBuffer(data)
                b.padTo8(from: start)
                b.backfillLength16(at: len, from: start)
            case .unknown(let type, let rate, let burst, let data):
                b.writeInteger(type)
                let len = b.reserveLength16()
                b.writeInteger(rate)
                b.writeInteger(burst)
                b.writeImmutableBuffer(data)
                if b.writerIndex - start < 16 { b.writeZeros(16 - (b.writerIndex - start)) }
                b.padTo8(from: start)
                b.backfillLength16(at: len, from: start)
            }
        }
    }
}

/// OFPT_METER_MOD.
public struct MeterMod: Hashable, Sendable {
    public struct Command: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let add = Self(rawValue: 0)
        public static let modify = Self(rawValue: 1)
        public static let delete = Self(rawValue: 2)
    }

    public var command: Command
    public var flags: MeterFlags
    public var meterID: UInt32
    public var bands: [MeterBand]

    public init(command: Command = .add, flags: MeterFlags = .kbps, meterID: UInt32, bands: [MeterBand] = []) {
        self.command = command
        self.flags = flags
        self.meterID = meterID
        self.bands = bands
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> MeterMod {
        let command = try b.readU16()
        let flags = try b.readU16()
        let meter = try b.readU32()
        return MeterMod(
            command: Command(rawValue: command), flags: MeterFlags(rawValue: flags), meterID: meter,
            bands: try MeterBand.readList(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(command.rawValue)
        b.writeInteger(flags.rawValue)
        b.writeInteger(meterID)
        MeterBand.writeList(bands, into: &b)
    }
}

/// One entry of an OFPMP_METER reply.
public struct MeterStats: Hashable, Sendable {
    public struct BandCounter: Hashable, Sendable {
        public var packetCount: UInt64
        public var byteCount: UInt64
        public init(packetCount: UInt64, byteCount: UInt64) {
            self.packetCount = packetCount
            self.byteCount = byteCount
        }
    }

    public var meterID: UInt32
    public var flowCount: UInt32
    public var packetInCount: UInt64
    public var byteInCount: UInt64
    public var durationSec: UInt32
    public var durationNSec: UInt32
    public var bands: [BandCounter]

    public init(
        meterID: UInt32, flowCount: UInt32 = 0, packetInCount: UInt64 = 0, byteInCount: UInt64 = 0,
        durationSec: UInt32 = 0, durationNSec: UInt32 = 0, bands: [BandCounter] = []
    ) {
        self.meterID = meterID
        self.flowCount = flowCount
        self.packetInCount = packetInCount
        self.byteInCount = byteInCount
        self.durationSec = durationSec
        self.durationNSec = durationNSec
        self.bands = bands
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [MeterStats] {
        try readLengthPrefixed(from: &b, lengthOffset: 4, minimum: 40) { (e: inout WireReader) throws(OFDecodeError) in
            let meter = try e.readU32()
            try e.skip(8)
            let flows = try e.readU32()
            let packets = try e.readU64()
            let bytes = try e.readU64()
            let sec = try e.readU32()
            let nsec = try e.readU32()
            guard e.readableBytes % 16 == 0 else {
                throw OFDecodeError(.requestLen, "band counters not a multiple of 16")
            }
            var bands = [BandCounter]()
            while e.readableBytes > 0 {
                bands.append(BandCounter(packetCount: try e.readU64(), byteCount: try e.readU64()))
            }
            return MeterStats(
                meterID: meter, flowCount: flows, packetInCount: packets, byteInCount: bytes, durationSec: sec,
                durationNSec: nsec, bands: bands)
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        b.writeInteger(meterID)
        let len = b.reserveLength16()
        b.writeZeros(6)
        b.writeInteger(flowCount)
        b.writeInteger(packetInCount)
        b.writeInteger(byteInCount)
        b.writeInteger(durationSec)
        b.writeInteger(durationNSec)
        for c in bands {
            b.writeInteger(c.packetCount)
            b.writeInteger(c.byteCount)
        }
        b.backfillLength16(at: len, from: start)
    }
}

/// One entry of an OFPMP_METER_CONFIG reply.
public struct MeterConfig: Hashable, Sendable {
    public var flags: MeterFlags
    public var meterID: UInt32
    public var bands: [MeterBand]

    public init(flags: MeterFlags, meterID: UInt32, bands: [MeterBand]) {
        self.flags = flags
        self.meterID = meterID
        self.bands = bands
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [MeterConfig] {
        try readLengthPrefixed(from: &b, minimum: 8) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(2)
            let flags = try e.readU16()
            let meter = try e.readU32()
            return MeterConfig(
                flags: MeterFlags(rawValue: flags), meterID: meter, bands: try MeterBand.readList(from: &e))
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeInteger(flags.rawValue)
        b.writeInteger(meterID)
        MeterBand.writeList(bands, into: &b)
        b.backfillLength16(at: len, from: start)
    }
}

/// OFPMP_METER_FEATURES reply.
public struct MeterFeatures: Hashable, Sendable {
    public var maxMeter: UInt32
    /// Bitmap of supported band types (bit n = band type n).
    public var bandTypes: UInt32
    /// MeterFlags bits, widened to the 32 bits the wire carries.
    public var capabilities: UInt32
    public var maxBands: UInt8
    public var maxColor: UInt8

    public init(maxMeter: UInt32, bandTypes: UInt32, capabilities: UInt32, maxBands: UInt8, maxColor: UInt8) {
        self.maxMeter = maxMeter
        self.bandTypes = bandTypes
        self.capabilities = capabilities
        self.maxBands = maxBands
        self.maxColor = maxColor
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> Self {
        let maxMeter = try b.readU32()
        let bandTypes = try b.readU32()
        let caps = try b.readU32()
        let maxBands = try b.readU8()
        let maxColor = try b.readU8()
        try b.skip(2)
        return Self(
            maxMeter: maxMeter, bandTypes: bandTypes, capabilities: caps,
            maxBands: maxBands, maxColor: maxColor)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(maxMeter)
        b.writeInteger(bandTypes)
        b.writeInteger(capabilities)
        b.writeInteger(maxBands)
        b.writeInteger(maxColor)
        b.writeZeros(2)
    }
}
