import NIOCore

/// ofp_match of type OXM: a list of OXM TLVs, padded to 8 bytes on the wire.
///
/// The TLVs are kept as their wire bytes (validated when decoded, or encoded when built from
/// fields). Why: a flow-stats reply carries a match per entry, and decoding each into an
/// array of fields dominated reply decoding; most consumers look at a few fields, if any.
/// `fields` and the subscript decode on access. Equality is equality of the TLV bytes, which
/// for matches built from fields is equality of the field lists.
public struct Match: Hashable, Sendable, CustomStringConvertible {
    private var tlvs: ByteBuffer

    public init(_ fields: [OXMField] = []) {
        guard !fields.isEmpty else {
            tlvs = ByteBuffer()
            return
        }
        // Sized up front: growing from empty reallocated a few times per match (perf, add-flows).
        var size = 0
        for f in fields { size += f.wireLength }
        var b = ByteBufferAllocator().buffer(capacity: size)
        // One reserved region written with plain stores: a ByteBuffer write per header, value
        // and mask (each with its capacity and uniqueness checks) was most of building a match,
        // and a policy compile builds thirty thousand.
        b.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { raw in
            var w = RawWriter(base: raw)
            for f in fields { f.write(into: &w) }
            return w.offset
        }
        tlvs = b
    }

    private init(tlvs: ByteBuffer) { self.tlvs = tlvs }

    /// A match from OXM TLV bytes the caller encoded itself: the flow-text fast path writes
    /// them while it parses a line, instead of building fields and encoding them again. The
    /// bytes must be well-formed TLVs in the order the caller wants them; nothing checks them.
    public init(encodedTLVs bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else {
            tlvs = ByteBuffer()
            return
        }
        var b = ByteBufferAllocator().buffer(capacity: bytes.count)
        b.writeBytes(bytes)
        tlvs = b
    }

    /// TLVs already checked as `read(from:)` checks them (`PacketInView` walks them itself).
    init(validatedTLVs: ByteBuffer) { self.tlvs = validatedTLVs }

    public static let all = Match()

    public var fields: [OXMField] {
        get {
            guard tlvs.readableBytes > 0 else { return [] }
            // Cannot fail for decoded matches (validated on the way in); for built ones the
            // bytes came from our own encoder. Widths are not re-checked so a field built with
            // an odd width still reads back as built.
            let decoded = try? tlvs.decode { (r: inout WireReader) throws(OFDecodeError) -> [OXMField] in
                var list = [OXMField]()
                while r.readableBytes > 0 { list.append(try OXMField.read(from: &r, .matchLen, checkWidth: false)) }
                return list
            }
            return decoded?.value ?? []
        }
        set { self = Match(newValue) }
    }

    public var isEmpty: Bool { tlvs.readableBytes == 0 }

    /// The OXM TLV bytes (no match header, no padding), for readers that walk them in place:
    /// the dump-flows writer prints the common fields without decoding a field list.
    public func withTLVBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try tlvs.withUnsafeReadableBytes(body)
    }

    public subscript(id: OXMFieldID) -> OXMField? {
        fields.first { $0.id == id }
    }

    public var description: String { isEmpty ? "any" : fields.map(\.description).joined(separator: ",") }

    /// Semantic checks a switch applies (decoding only checks structure): no duplicate
    /// fields, masks only on maskable fields, and every prerequisite present.
    public func validate() throws(OFDecodeError) {
        // `fields` parses the TLVs: read them once, not once per prerequisite.
        try Self.validate(fields)
    }

    /// `validate()` for the match `Match(all)` would build, without encoding and parsing it back:
    /// a compiler checks each match while it still holds the fields.
    public static func validate(_ all: [OXMField]) throws(OFDecodeError) {
        for (i, field) in all.enumerated() {
            for other in all[..<i] where other.id == field.id {
                throw OFDecodeError(.badMatch(.duplicateField), "\(field.id) appears twice")
            }
            guard let d = field.id.descriptor else { continue }
            if field.mask != nil && !d.maskable {
                throw OFDecodeError(.badMatch(.badMask), "\(d.name) cannot be masked")
            }
            for p in d.prerequisites where !Self.satisfies(p, in: all) {
                throw OFDecodeError(.badMatch(.badPrereq), "\(d.name) needs \(p.field)")
            }
        }
    }

    /// Whether some field of the match (in any spelling) pins `p.field` to an allowed value.
    public func satisfies(_ p: OXMPrerequisite) -> Bool { Self.satisfies(p, in: fields) }

    private static func satisfies(_ p: OXMPrerequisite, in fields: [OXMField]) -> Bool {
        for field in fields where field.id == p.field || field.id.descriptor?.canonical == p.field {
            let need = p.mask ?? UInt128.max
            let have = field.mask?.integer ?? UInt128.max
            guard have & need == need else { continue }
            if p.values.contains(field.value.integer & need) { return true }
        }
        return false
    }

    /// The same match with its TLVs in one fixed order (ascending by their bytes, so by class
    /// and field first), found by walking the TLV headers without decoding a field. Two matches
    /// that differ only in the order of their fields, as a switch's report and what was sent may,
    /// then compare and hash equal as bytes. Planning compares tens of thousands of matches this
    /// way; decoding and sorting each one's fields was a large part of it.
    public var canonical: Match {
        // Most matches are in order already (the compiler's builder and OVS both write basic
        // fields by number): check that from the 4-byte headers, which big-endian compare as the
        // bytes do, and return the match itself without copying or sorting anything.
        var offset = tlvs.readerIndex
        var previous: UInt32?
        var ordered = true
        var count = 0
        while offset + 4 <= tlvs.writerIndex, let header = tlvs.getInteger(at: offset, as: UInt32.self) {
            if let previous, previous >= header { ordered = false }
            previous = header
            offset += 4 + Int(header & 0xFF)
            count += 1
        }
        // Not TLVs this code wrote or validated: leave them as they are.
        guard offset == tlvs.writerIndex else { return self }
        if ordered { return self }
        // Sorted as (start, length) pairs in scratch memory and copied once: slicing a ByteBuffer
        // per TLV made this a fifth of replace-flows' time for matches not already in order.
        return tlvs.withUnsafeReadableBytes { raw in
            withUnsafeTemporaryAllocation(of: (start: Int, length: Int).self, capacity: count) { parts in
                var at = 0
                for k in 0..<count {
                    let length = 4 + Int(raw[at + 3])
                    parts[k] = (at, length)
                    at += length
                }
                func precedes(_ a: (start: Int, length: Int), _ b: (start: Int, length: Int)) -> Bool {
                    let x = UnsafeRawBufferPointer(rebasing: raw[a.start..<(a.start + a.length)])
                    let y = UnsafeRawBufferPointer(rebasing: raw[b.start..<(b.start + b.length)])
                    return x.lexicographicallyPrecedes(y)
                }
                // Insertion sort: a match has a handful of fields.
                for k in 1..<max(1, count) {
                    let part = parts[k]
                    var j = k
                    while j > 0 && precedes(part, parts[j - 1]) {
                        parts[j] = parts[j - 1]
                        j -= 1
                    }
                    parts[j] = part
                }
                var buffer = ByteBufferAllocator().buffer(capacity: raw.count)
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: raw.count) { out in
                    var o = 0
                    for part in parts {
                        UnsafeMutableRawBufferPointer(rebasing: out[o..<(o + part.length)]).copyMemory(
                            from: UnsafeRawBufferPointer(rebasing: raw[part.start..<(part.start + part.length)]))
                        o += part.length
                    }
                    return o
                }
                return Match(tlvs: buffer)
            }
        }
    }

    /// Bytes on the wire, padding included.
    var wireLength: Int { roundUpTo8(4 + tlvs.readableBytes) }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Match {
        let type = try buffer.readU16(.matchLen)
        let length = Int(try buffer.readU16(.matchLen))
        guard type == 1 else { throw OFDecodeError(.badMatch(.badType), "match type \(type) is not OXM") }
        guard length >= 4 else { throw OFDecodeError(.matchLen, "match length below 4") }
        var body = try buffer.readBytes(length - 4, .matchLen)
        try buffer.skip(paddingTo8(length), .matchLen)
        var check = body
        while check.readableBytes > 0 { try OXMField.validate(from: &check, .matchLen) }
        return Match(tlvs: body.readRest())
    }

    /// Same bytes as `write(into:)`, for the FLOW_MOD fast path.
    func write(into w: inout RawWriter) {
        w.put(UInt16(1), UInt16(truncatingIfNeeded: 4 + tlvs.readableBytes))
        w.bytes(tlvs)
        w.zeros(paddingTo8(4 + tlvs.readableBytes))
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(UInt16(1), UInt16(truncatingIfNeeded: 4 + tlvs.readableBytes))
        buffer.writeImmutableBuffer(tlvs)
        buffer.writeZeros(paddingTo8(4 + tlvs.readableBytes))
    }
}
