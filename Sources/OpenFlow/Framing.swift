import NIOCore

/// Framing failures. Unlike `OFDecodeError` these poison the stream: after one the byte
/// boundaries of later messages are unknown.
public struct OFFramingError: Error, Hashable, Sendable {
    public var code: OFErrorCode
    public var reason: String
    public var header: OFHeader
}

/// Cuts a byte stream into whole OpenFlow frames (any version) without decoding bodies.
/// Use it when a malformed body must be answered with an error rather than end the connection.
public struct OFFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public let maximumMessageLength: Int

    public init(maximumMessageLength: Int = 65535) {
        self.maximumMessageLength = maximumMessageLength
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        try nextFrame(from: &buffer)
    }

    /// The next whole frame at the start of `buffer`, consumed; nil if its end is not there yet.
    public func nextFrame(from buffer: inout ByteBuffer) throws(OFFramingError) -> ByteBuffer? {
        guard let header = OFHeader.peek(buffer) else { return nil }
        let length = Int(header.length)
        guard length >= OFHeader.size else {
            throw OFFramingError(code: .requestLen, reason: "header length below 8", header: header)
        }
        guard length <= maximumMessageLength else {
            throw OFFramingError(
                code: .requestLen, reason: "message longer than the configured maximum", header: header)
        }
        return buffer.readSlice(length: length)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

/// Frames and decodes messages. A body that does not decode is thrown as `OFDecodeError`
/// (with its xid), after its frame has been consumed.
public struct OFMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = OFMessage

    private var frames: OFFrameDecoder

    public init(maximumMessageLength: Int = 65535) {
        self.frames = OFFrameDecoder(maximumMessageLength: maximumMessageLength)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> OFMessage? {
        guard var frame = try frames.decode(buffer: &buffer) else { return nil }
        return try OFMessage.read(from: &frame)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> OFMessage? {
        try decode(buffer: &buffer)
    }
}

public struct OFMessageEncoder: MessageToByteEncoder {
    public typealias OutboundIn = OFMessage

    public init() {}

    public func encode(data: OFMessage, out: inout ByteBuffer) throws {
        data.write(into: &out)
    }
}
