import NIOCore

/// One OpenFlow message: header fields plus a typed body. Lengths are not stored; they are
/// computed when the message is written.
public struct OFMessage: Hashable, Sendable {
    public var version: UInt8
    public var xid: UInt32
    public var body: Body

    public init(xid: UInt32 = 0, version: UInt8 = OpenFlowVersion.wire, _ body: Body) {
        self.version = version
        self.xid = xid
        self.body = body
    }

    public var type: OFMessageType { body.type }

    /// Decodes one whole message at the reader index. On success the message's bytes are
    /// consumed; on failure nothing is, and the error carries the xid when it was readable.
    public static func read(from buffer: inout ByteBuffer) throws(OFDecodeError) -> OFMessage {
        guard let header = OFHeader.peek(buffer) else {
            throw OFDecodeError(.requestLen, "fewer than 8 bytes for the header")
        }
        let length = Int(header.length)
        guard length >= OFHeader.size else {
            throw OFDecodeError(.requestLen, "header length below 8", xid: header.xid)
        }
        guard buffer.readableBytes >= length, let frame = buffer.getSlice(at: buffer.readerIndex, length: length) else {
            throw OFDecodeError(.requestLen, "header length exceeds the bytes available", xid: header.xid)
        }
        let message = try frame.decode { (r: inout WireReader) throws(OFDecodeError) in try read(frame: &r) }.value
        buffer.moveReaderIndex(forwardBy: length)
        return message
    }

    /// Decodes the message at the reader's position (its header already known to fit or not),
    /// consuming exactly its length. Used at top level and for messages inside messages.
    static func read(reader r: inout WireReader) throws(OFDecodeError) -> OFMessage {
        guard let header = r.peekHeader() else {
            throw OFDecodeError(.requestLen, "fewer than 8 bytes for the header")
        }
        guard header.length >= 8 else { throw OFDecodeError(.requestLen, "header length below 8", xid: header.xid) }
        var frame = try r.readBytes(Int(header.length))
        return try read(frame: &frame)
    }

    private static func read(frame r: inout WireReader) throws(OFDecodeError) -> OFMessage {
        guard let header = r.peekHeader() else { throw OFDecodeError(.requestLen, "fewer than 8 bytes for the header") }
        do throws(OFDecodeError) {
            try r.skip(OFHeader.size)
            let body = try Body.read(type: header.type, version: header.version, from: &r)
            if r.readableBytes != 0 {
                throw OFDecodeError(.requestLen, "trailing bytes after the message body")
            }
            return OFMessage(xid: header.xid, version: header.version, body)
        } catch {
            var e = error
            e.xid = header.xid
            throw e
        }
    }

    /// Decodes a buffer that must hold exactly one message.
    public init(bytes: ByteBuffer) throws(OFDecodeError) {
        var copy = bytes
        self = try OFMessage.read(from: &copy)
        if copy.readableBytes != 0 {
            throw OFDecodeError(.requestLen, "bytes after the message", xid: self.xid)
        }
    }

    /// Appends the encoded message. Does not allocate beyond growing `buffer`.
    /// OpenFlow lengths are 16-bit: a message whose encoding exceeds 65535 bytes (e.g. a
    /// multipart reply with too many entries) gets a truncated length; split such replies
    /// across messages with `MultipartFlags.more`.
    public func write(into buffer: inout ByteBuffer) {
        switch body {
        case .flowMod(let m):
            if let length = m.fastMessageLength() {
                m.writeFast(version: version, xid: xid, length: length, into: &buffer)
                return
            }
        case .packetOut(let p):
            if let length = p.fastMessageLength() {
                p.writeFast(version: version, xid: xid, length: length, into: &buffer)
                return
            }
        default: break
        }
        writeGeneral(into: &buffer)
    }

    /// Every message type; the FLOW_MOD and PACKET_OUT fast paths must produce the same bytes as this.
    func writeGeneral(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        // Header in one buffer write, length backfilled. Why: each ByteBuffer write pays a
        // capacity check and dynamic exclusivity checks, which dominated encoding (perf).
        buffer.writeMultipleIntegers(version, body.type.rawValue, UInt16(0), xid)
        body.write(into: &buffer)
        buffer.backfillLength16(at: start + 2, from: start)
    }

    /// The encoded message in a fresh buffer.
    public var bytes: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        write(into: &buffer)
        return buffer
    }
}
