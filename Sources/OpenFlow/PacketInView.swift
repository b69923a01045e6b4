import NIOCore

/// A PACKET_IN read in place, for a controller answering packet-ins at line rate.
///
/// Why not `OFMessage(bytes:)`: a learning switch reads the ingress port and the Ethernet
/// addresses and nothing else, yet the full decode allocated (a reader source, the body enum's
/// payload) and, with the match's fields decoded to find in_port, an array per packet; that was
/// ~18% of `switchboard serve --app l2-learning` under load (Docs/performance.md). The view checks
/// the same structure the decoder does (header, fixed fields, OXM match TLVs and their widths) in
/// one pass without allocating, keeps the message's bytes, and slices the match and the frame out
/// only when asked. `decode()` gives the full value when something else is needed.
public struct PacketInView: Sendable {
    /// The whole message, header included.
    public let message: ByteBuffer
    public let xid: UInt32
    public let bufferID: UInt32
    public let totalLength: UInt16
    public let reason: PacketInReason
    public let tableID: UInt8
    public let cookie: UInt64
    /// The ingress port from the match, if present (found while the match was checked).
    public let inPort: PortNumber?
    /// Bytes of the match's TLVs (without its 4-byte header and padding).
    private let tlvLength: Int
    /// Where the packet data begins, from the start of the message.
    private let dataOffset: Int

    /// Offsets in the message (OpenFlow 1.3 and 1.4 agree): the match starts after the header,
    /// buffer_id, total_len, reason, table_id and cookie.
    static let matchOffset = OFHeader.size + 16

    /// Nil when `message` is not exactly one well-formed PACKET_IN; `OFMessage(bytes:)` then says
    /// what is wrong with it.
    public init?(_ message: ByteBuffer) {
        let parsed = message.withUnsafeReadableBytes { raw -> Fields? in Self.parse(raw) }
        guard let parsed else { return nil }
        self.message = message
        xid = parsed.xid
        bufferID = parsed.bufferID
        totalLength = parsed.totalLength
        reason = PacketInReason(rawValue: parsed.reason)
        tableID = parsed.tableID
        cookie = parsed.cookie
        inPort = parsed.inPort.map { PortNumber($0) }
        tlvLength = parsed.tlvLength
        dataOffset = parsed.dataOffset
    }

    /// The packet (or its first miss_send_len bytes): a slice of the message, not a copy.
    public var data: ByteBuffer {
        message.getSlice(at: message.readerIndex + dataOffset, length: message.readableBytes - dataOffset)
            ?? ByteBuffer()
    }

    public var match: Match {
        Match(
            validatedTLVs: message.getSlice(at: message.readerIndex + Self.matchOffset + 4, length: tlvLength)
                ?? ByteBuffer())
    }

    /// The full value, as `OFMessage(bytes:)` would decode it.
    public func decode() throws(OFDecodeError) -> PacketIn {
        let decoded = try OFMessage(bytes: message)
        guard case .packetIn(let packetIn) = decoded.body else {
            throw OFDecodeError(.badRequest(.badType), "not a PACKET_IN", xid: decoded.xid)
        }
        return packetIn
    }

    private struct Fields {
        var xid: UInt32
        var bufferID: UInt32
        var totalLength: UInt16
        var reason: UInt8
        var tableID: UInt8
        var cookie: UInt64
        var inPort: UInt32?
        var tlvLength: Int
        var dataOffset: Int
    }

    private static func parse(_ raw: UnsafeRawBufferPointer) -> Fields? {
        @inline(__always) func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        let count = raw.count
        guard count >= matchOffset + 4, raw[1] == OFMessageType.packetIn.rawValue,
            Int(load(2, UInt16.self)) == count, load(matchOffset, UInt16.self) == 1
        else { return nil }
        let matchLength = Int(load(matchOffset + 2, UInt16.self))
        // The match (padded to 8) and then 2 bytes of padding must fit.
        let dataOffset = matchOffset + roundUpTo8(matchLength) + 2
        guard matchLength >= 4, dataOffset <= count else { return nil }
        // Walk the TLVs as `OXMField.validate` does: each fits, masks have even payloads, known
        // fields have their table width.
        var offset = matchOffset + 4
        let end = matchOffset + matchLength
        var inPort: UInt32?
        let widths = OXMFieldTable.widths
        while offset < end {
            guard end - offset >= 4 else { return nil }
            let word = load(offset, UInt32.self)
            offset += 4
            let cls = UInt16(truncatingIfNeeded: word >> 16)
            var payload = Int(word & 0xFF)
            let hasMask = word & 0x100 != 0
            var id = OXMFieldID(OXMClass(rawValue: cls), UInt8(truncatingIfNeeded: word >> 9) & 0x7F)
            if cls == OXMClass.experimenter.rawValue {
                guard end - offset >= 4, payload >= 4 else { return nil }
                id.experimenter = load(offset, UInt32.self)
                offset += 4
                payload -= 4
            }
            guard !hasMask || payload % 2 == 0, end - offset >= payload else { return nil }
            if let expected = OXMFieldTable.width(of: id, in: widths), expected != (hasMask ? payload / 2 : payload) {
                return nil
            }
            if word == OXMHeader.inPortWord { inPort = load(offset, UInt32.self) }
            offset += payload
        }
        return Fields(
            xid: load(4, UInt32.self), bufferID: load(8, UInt32.self), totalLength: load(12, UInt16.self),
            reason: raw[14], tableID: raw[15], cookie: load(16, UInt64.self), inPort: inPort,
            tlvLength: matchLength - 4, dataOffset: dataOffset)
    }
}

extension OXMHeader {
    /// OFPXMC_OPENFLOW_BASIC in_port, unmasked, 4 bytes.
    static let inPortWord: UInt32 = 0x8000_0004
}
