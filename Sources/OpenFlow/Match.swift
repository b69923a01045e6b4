import NIOCore

/// ofp_match of type OXM: a list of OXM TLVs, padded to 8 bytes on the wire.
public struct Match: Hashable, Sendable, CustomStringConvertible {
    public var fields: [OXMField]

    public init(_ fields: [OXMField] = []) { self.fields = fields }

    public static let all = Match()

    public subscript(id: OXMFieldID) -> OXMField? {
        fields.first { $0.id == id }
    }

    public var description: String { fields.isEmpty ? "any" : fields.map(\.description).joined(separator: ",") }

    /// Semantic checks a switch applies (decoding only checks structure): no duplicate
    /// fields, masks only on maskable fields, and every prerequisite present.
    public func validate() throws(OFDecodeError) {
        for (i, field) in fields.enumerated() {
            for other in fields[..<i] where other.id == field.id {
                throw OFDecodeError(.badMatch(.duplicateField), "\(field.id) appears twice")
            }
            guard let d = field.id.descriptor else { continue }
            if field.mask != nil && !d.maskable {
                throw OFDecodeError(.badMatch(.badMask), "\(d.name) cannot be masked")
            }
            for p in d.prerequisites where !satisfies(p) {
                throw OFDecodeError(.badMatch(.badPrereq), "\(d.name) needs \(p.field)")
            }
        }
    }

    /// Whether some field of the match (in any spelling) pins `p.field` to an allowed value.
    public func satisfies(_ p: OXMPrerequisite) -> Bool {
        for field in fields where field.id == p.field || field.id.descriptor?.canonical == p.field {
            let need = p.mask ?? UInt128.max
            let have = field.mask?.integer ?? UInt128.max
            guard have & need == need else { continue }
            if p.values.contains(field.value.integer & need) { return true }
        }
        return false
    }

    /// Bytes on the wire, padding included.
    var wireLength: Int {
        var n = 4
        for f in fields { n += f.wireLength }
        return roundUpTo8(n)
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Match {
        let type = try buffer.readU16(.matchLen)
        let length = Int(try buffer.readU16(.matchLen))
        guard type == 1 else { throw OFDecodeError(.badMatch(.badType), "match type \(type) is not OXM") }
        guard length >= 4 else { throw OFDecodeError(.matchLen, "match length below 4") }
        var body = try buffer.readBytes(length - 4, .matchLen)
        try buffer.skip(paddingTo8(length), .matchLen)
        var fields = [OXMField]()
        if body.readableBytes > 0 {
            fields.reserveCapacity(Swift.min(body.readableBytes / 5, 32))
        }
        while body.readableBytes > 0 {
            fields.append(try OXMField.read(from: &body, .matchLen))
        }
        return Match(fields)
    }

    func write(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(UInt16(1))
        let len = buffer.reserveLength16()
        for f in fields { f.write(into: &buffer) }
        buffer.backfillLength16(at: len, from: start)
        buffer.padTo8(from: start)
    }
}
