import NIOCore

// Write-side helpers: zero padding, fixed strings, and lengths written as placeholders then
// backfilled once the variable part is known.
extension ByteBuffer {
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
