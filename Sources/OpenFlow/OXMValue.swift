import NIOCore

/// The bytes of an OXM value or mask. Values up to 16 bytes (every named field) live inline as
/// a big-endian integer, so decoding a match allocates nothing per field; longer ones
/// (e.g. Geneve tun_metadata) keep their bytes.
public struct OXMValue: Hashable, Sendable, CustomStringConvertible {
    /// Width in bytes.
    public let width: Int
    /// The value as an unsigned big-endian integer; 0 when `width > 16`.
    public let integer: UInt128
    private let long: [UInt8]?

    public init(_ integer: UInt128, width: Int) {
        let w = Swift.max(0, Swift.min(width, 16))
        self.width = w
        self.integer = w == 16 ? integer : integer & ((UInt128(1) << (w * 8)) - 1)
        self.long = nil
    }

    public init(bytes: [UInt8]) {
        if bytes.count <= 16 {
            var v: UInt128 = 0
            for b in bytes { v = v << 8 | UInt128(b) }
            self.width = bytes.count
            self.integer = v
            self.long = nil
        } else {
            self.width = bytes.count
            self.integer = 0
            self.long = bytes
        }
    }

    public var bytes: [UInt8] {
        if let long { return long }
        return (0..<width).map { UInt8(truncatingIfNeeded: integer >> ((width - 1 - $0) * 8)) }
    }

    /// All-ones of the same width (an exact-match mask).
    public var allOnes: OXMValue {
        width > 16 ? OXMValue(bytes: [UInt8](repeating: 0xFF, count: width)) : OXMValue(UInt128.max, width: width)
    }

    public var uint64: UInt64 { UInt64(truncatingIfNeeded: integer) }

    public var description: String {
        if width > 16 { return "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
        return "0x" + String(integer, radix: 16)
    }

    static func read(width: Int, from buffer: inout WireReader, _ code: OFErrorCode) throws(OFDecodeError) -> OXMValue {
        switch width {
        case 1: return OXMValue(UInt128(try buffer.readU8(code)), width: 1)
        case 2: return OXMValue(UInt128(try buffer.readU16(code)), width: 2)
        case 4: return OXMValue(UInt128(try buffer.readU32(code)), width: 4)
        case 6:
            let hi = try buffer.readU16(code)
            let lo = try buffer.readU32(code)
            return OXMValue(UInt128(hi) << 32 | UInt128(lo), width: 6)
        case 8: return OXMValue(UInt128(try buffer.readU64(code)), width: 8)
        case 16:
            let hi = try buffer.readU64(code)
            let lo = try buffer.readU64(code)
            return OXMValue(UInt128(hi) << 64 | UInt128(lo), width: 16)
        default:
            var slice = try buffer.readBytes(width, code)
            return OXMValue(bytes: slice.readRestArray())
        }
    }

    /// The same bytes as `write(into:)` (`width` of them), into memory the caller sized.
    func write(into w: inout RawWriter) {
        switch width {
        case 1: w.put(UInt8(truncatingIfNeeded: integer))
        case 2: w.put(UInt16(truncatingIfNeeded: integer))
        case 4: w.put(UInt32(truncatingIfNeeded: integer))
        case 6:
            w.put(UInt16(truncatingIfNeeded: integer >> 32))
            w.put(UInt32(truncatingIfNeeded: integer))
        case 8: w.put(UInt64(truncatingIfNeeded: integer))
        case 16:
            w.put(UInt64(truncatingIfNeeded: integer >> 64))
            w.put(UInt64(truncatingIfNeeded: integer))
        default:
            if let long {
                for byte in long { w.put(byte) }
            } else {
                for i in 0..<width { w.put(UInt8(truncatingIfNeeded: integer >> ((width - 1 - i) * 8))) }
            }
        }
    }

    func write(into buffer: inout ByteBuffer) {
        switch width {
        case 1: buffer.writeInteger(UInt8(truncatingIfNeeded: integer))
        case 2: buffer.writeInteger(UInt16(truncatingIfNeeded: integer))
        case 3:
            buffer.writeMultipleIntegers(UInt8(truncatingIfNeeded: integer >> 16), UInt16(truncatingIfNeeded: integer))
        case 4: buffer.writeInteger(UInt32(truncatingIfNeeded: integer))
        case 6:
            buffer.writeMultipleIntegers(UInt16(truncatingIfNeeded: integer >> 32), UInt32(truncatingIfNeeded: integer))
        case 8: buffer.writeInteger(UInt64(truncatingIfNeeded: integer))
        case 16:
            buffer.writeInteger(UInt64(truncatingIfNeeded: integer >> 64))
            buffer.writeInteger(UInt64(truncatingIfNeeded: integer))
        default:
            if let long {
                buffer.writeBytes(long)
            } else {
                for i in 0..<width {
                    buffer.writeInteger(UInt8(truncatingIfNeeded: integer >> ((width - 1 - i) * 8)))
                }
            }
        }
    }
}
