import NIOCore

/// A bounds-checked cursor over the bytes of one message, used by every decoder.
///
/// Why not read the ByteBuffer directly: each ByteBuffer read goes through its storage class,
/// which costs a dynamic exclusivity check and a bounds check per integer. Decoding a message
/// inside one `withUnsafeReadableBytes` and loading integers from the pointer is several
/// times faster. `source` keeps the same bytes as a ByteBuffer so payloads (packet data,
/// unknown TLVs) are still zero-copy slices.
struct WireReader {
    /// Holds the ByteBuffer the bytes belong to, for zero-copy payload slices.
    final class Source {
        let buffer: ByteBuffer
        init(_ buffer: ByteBuffer) { self.buffer = buffer }
    }

    private let base: UnsafeRawBufferPointer
    // Readers are created, copied into sub-readers and dropped inside one decode call that
    // keeps the Source alive (`ByteBuffer.decode`), and never escape it; so the reference need
    // not be counted. Counting it cost a retain/release per container in the hot path (and
    // `unowned(unsafe)` still let the optimizer emit them; Unmanaged is a plain pointer).
    private let source: Unmanaged<Source>
    private(set) var offset: Int
    private let end: Int

    /// `base` must be `source.buffer`'s readable bytes; both must outlive the reader.
    init(base: UnsafeRawBufferPointer, source: Source) {
        self.base = base
        self.source = Unmanaged.passUnretained(source)
        self.offset = 0
        self.end = base.count
    }

    private init(base: UnsafeRawBufferPointer, source: Unmanaged<Source>, offset: Int, end: Int) {
        self.base = base
        self.source = source
        self.offset = offset
        self.end = end
    }

    var readableBytes: Int { end - offset }

    /// The table width of `id`, nil if the table does not name it.
    @inline(__always)
    func oxmWidth(of id: OXMFieldID) -> Int? {
        OXMFieldTable.width(of: id)
    }

    @inline(__always)
    private mutating func load<T: FixedWidthInteger>(_: T.Type, _ code: OFErrorCode) throws(OFDecodeError) -> T {
        let size = MemoryLayout<T>.size
        guard end - offset >= size else { throw OFDecodeError(code, "truncated field") }
        let value = T(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += size
        return value
    }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_ t: T.Type, _ code: OFErrorCode) throws(OFDecodeError) -> T {
        try load(t, code)
    }

    @inline(__always)
    mutating func readU8(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt8 {
        guard offset < end else { throw OFDecodeError(code, "truncated field") }
        let value = base[offset]
        offset += 1
        return value
    }

    @inline(__always)
    mutating func readU16(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt16 {
        try load(UInt16.self, code)
    }

    @inline(__always)
    mutating func readU32(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt32 {
        try load(UInt32.self, code)
    }

    @inline(__always)
    mutating func readU64(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> UInt64 {
        try load(UInt64.self, code)
    }

    /// Peeks a big-endian UInt16 `delta` bytes ahead without consuming anything.
    @inline(__always)
    func peekU16(at delta: Int = 0) -> UInt16? {
        guard delta >= 0, end - offset >= delta + 2 else { return nil }
        return UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset + delta, as: UInt16.self))
    }

    @inline(__always)
    func peekU8(at delta: Int = 0) -> UInt8? {
        guard delta >= 0, end - offset > delta else { return nil }
        return base[offset + delta]
    }

    func peekHeader() -> OFHeader? {
        guard end - offset >= OFHeader.size else { return nil }
        return OFHeader(
            version: base[offset], type: OFMessageType(rawValue: base[offset + 1]),
            length: UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)),
            xid: UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
    }

    /// Consumes `length` bytes and returns a reader over exactly them (a container).
    @inline(__always)
    mutating func readBytes(_ length: Int, _ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> WireReader {
        guard length >= 0, end - offset >= length else { throw OFDecodeError(code, "length overruns its container") }
        let sub = WireReader(base: base, source: source, offset: offset, end: offset + length)
        offset += length
        return sub
    }

    /// Skips padding; its content is ignored because senders are not consistent about zeroing it.
    @inline(__always)
    mutating func skip(_ length: Int, _ code: OFErrorCode = .requestLen) throws(OFDecodeError) {
        guard length >= 0, end - offset >= length else { throw OFDecodeError(code, "padding overruns its container") }
        offset += length
    }

    /// The rest of the bytes as a zero-copy ByteBuffer, consuming them.
    mutating func readRest() -> ByteBuffer {
        let (start, length) = (offset, end - offset)
        let slice =
            source._withUnsafeGuaranteedRef { $0.buffer.getSlice(at: $0.buffer.readerIndex + start, length: length) }
            ?? ByteBuffer()
        offset = end
        return slice
    }

    /// The rest of the bytes as an array, consuming them.
    mutating func readRestArray() -> [UInt8] {
        let bytes = [UInt8](UnsafeRawBufferPointer(rebasing: base[offset..<end]))
        offset = end
        return bytes
    }

    mutating func skipRest() { offset = end }

    /// Reads a fixed-size, NUL-padded string field (port names, descriptions).
    mutating func readFixedString(_ length: Int, _ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> String {
        guard length >= 0, end - offset >= length else { throw OFDecodeError(code, "truncated string field") }
        let field = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + length)])
        offset += length
        let stop = field.firstIndex(of: 0) ?? field.count
        let string = String(decoding: UnsafeRawBufferPointer(rebasing: field[..<stop]), as: UTF8.self)
        // What `writeFixedString` would write back: at most length - 1 bytes (the C strings end
        // in NUL) and invalid UTF-8 repaired, so a decoded name re-encodes to itself. A peer
        // that fills the whole field or sends bytes that are not UTF-8 loses those bytes here.
        let kept = utf8Prefix(string, maxBytes: length - 1)
        return kept.count == string.utf8.count ? string : String(decoding: kept, as: UTF8.self)
    }

    mutating func readEthernetAddress(_ code: OFErrorCode = .requestLen) throws(OFDecodeError) -> EthernetAddress {
        let hi = try readU16(code)
        let lo = try readU32(code)
        return EthernetAddress(UInt64(hi) << 32 | UInt64(lo))
    }
}

extension ByteBuffer {
    /// Runs `body` over the readable bytes and consumes what it read. On error nothing is
    /// consumed.
    func decode<T>(
        _ body: (inout WireReader) throws(OFDecodeError) -> T
    ) throws(OFDecodeError) -> (value: T, consumed: Int) {
        let source = WireReader.Source(self)
        let result: Result<(T, Int), OFDecodeError> = withExtendedLifetime(source) {
            withUnsafeReadableBytes { raw in
                var reader = WireReader(base: raw, source: source)
                do throws(OFDecodeError) {
                    let value = try body(&reader)
                    return .success((value, reader.offset))
                } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    mutating func consume<T>(_ body: (inout WireReader) throws(OFDecodeError) -> T) throws(OFDecodeError) -> T {
        let (value, consumed) = try decode(body)
        moveReaderIndex(forwardBy: consumed)
        return value
    }
}

// ByteBuffer entry points for decoding parts of messages on their own (tests, tools).
extension Match {
    static func read(from buffer: inout ByteBuffer) throws(OFDecodeError) -> Match {
        try buffer.consume { (r: inout WireReader) throws(OFDecodeError) in try read(from: &r) }
    }
}

extension Action {
    static func readList(from buffer: inout ByteBuffer) throws(OFDecodeError) -> [Action] {
        try buffer.consume { (r: inout WireReader) throws(OFDecodeError) in try readList(from: &r) }
    }
}

extension Instruction {
    static func readList(from buffer: inout ByteBuffer) throws(OFDecodeError) -> [Instruction] {
        try buffer.consume { (r: inout WireReader) throws(OFDecodeError) in try readList(from: &r) }
    }
}
