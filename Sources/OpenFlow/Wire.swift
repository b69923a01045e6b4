import NIOCore

// Bounds-checked reads that turn a short buffer into a typed OpenFlow error instead of nil.
extension ByteBuffer {
    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type, _ code: OFErrorCode) throws(OFDecodeError) -> T {
        guard let value = readInteger(as: T.self) else {
            throw OFDecodeError(code, "truncated field")
        }
        return value
    }

    @inline(__always)
    mutating func readU8(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt8 {
        try read(UInt8.self, code)
    }

    @inline(__always)
    mutating func readU16(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt16 {
        try read(UInt16.self, code)
    }

    @inline(__always)
    mutating func readU32(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt32 {
        try read(UInt32.self, code)
    }

    @inline(__always)
    mutating func readU64(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt64 {
        try read(UInt64.self, code)
    }

    @inline(__always)
    mutating func readBytes(_ length: Int, _ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> ByteBuffer {
        guard length >= 0, let slice = readSlice(length: length) else {
            throw OFDecodeError(code, "length overruns its container")
        }
        return slice
    }

    /// Skips padding; its content is ignored because senders are not consistent about zeroing it.
    @inline(__always)
    mutating func skip(_ length: Int, _ code: OFErrorCode = .requestLen) throws(OFDecodeError) {
        guard length >= 0, readableBytes >= length else {
            throw OFDecodeError(code, "padding overruns its container")
        }
        moveReaderIndex(forwardBy: length)
    }

    /// Reads a fixed-size, NUL-padded ASCII field (port names, descriptions).
    mutating func readFixedString(_ length: Int, _ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> String {
        let slice = try readBytes(length, code)
        return slice.withUnsafeReadableBytes { raw in
            let end = raw.firstIndex(of: 0) ?? raw.count
            return String(decoding: raw[..<end], as: UTF8.self)
        }
    }

    @inline(__always)
    mutating func writeZeros(_ count: Int) {
        if count > 0 { writeRepeatingByte(0, count: count) }
    }

    /// Writes a string into a fixed-size field, truncating and NUL-padding it. The last byte is
    /// always NUL, as the C structures expect.
    mutating func writeFixedString(_ string: String, length: Int) {
        let utf8 = string.utf8
        let n = Swift.min(utf8.count, length - 1)
        writeBytes(utf8.prefix(n))
        writeZeros(length - n)
    }

    /// Writes a placeholder length and returns where it lives, for `backfillLength`.
    @inline(__always)
    mutating func reserveLength16() -> Int {
        let at = writerIndex
        writeInteger(UInt16(0))
        return at
    }

    /// Stores the number of bytes written since `start` (truncated: callers that can exceed
    /// 65535 bytes are programming errors OpenFlow itself cannot express).
    @inline(__always)
    mutating func backfillLength16(at offset: Int, from start: Int) {
        setInteger(UInt16(truncatingIfNeeded: writerIndex - start), at: offset)
    }

    /// Pads with zeros from `start` up to the next multiple of 8.
    @inline(__always)
    mutating func padTo8(from start: Int) {
        writeZeros(paddingTo8(writerIndex - start))
    }
}

@inline(__always)
func paddingTo8(_ length: Int) -> Int { (8 - (length & 7)) & 7 }

@inline(__always)
func roundUpTo8(_ length: Int) -> Int { length + paddingTo8(length) }
