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
        let bytes = utf8Prefix(string, maxBytes: length - 1)
        writeBytes(bytes)
        writeZeros(length - bytes.count)
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

/// The longest prefix of `string`'s UTF-8 that fits in `maxBytes` without cutting a scalar's
/// encoding in two. Why: a fixed-size name cut mid-scalar would decode to a different string
/// (a replacement character), so decode -> encode -> decode would not be stable.
func utf8Prefix(_ string: String, maxBytes: Int) -> Substring.UTF8View {
    let utf8 = string.utf8
    guard maxBytes > 0 else { return utf8[utf8.startIndex..<utf8.startIndex] }
    guard utf8.count > maxBytes else { return utf8[...] }
    var end = utf8.index(utf8.startIndex, offsetBy: maxBytes)
    // Continuation bytes are 0b10xxxxxx: back up to the first byte of the scalar.
    while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
    return utf8[..<end]
}

@inline(__always)
func paddingTo8(_ length: Int) -> Int { (8 - (length & 7)) & 7 }

@inline(__always)
func roundUpTo8(_ length: Int) -> Int { length + paddingTo8(length) }
