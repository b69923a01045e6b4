import NIOCore

/// Splits the byte stream into whole OpenFlow messages (header included) by the header's length
/// field. The generator only looks at the type byte and a few fields, so no decoding beyond that.
struct OFFrameSplitter: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= 8,
            let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self)
        else { return .needMoreData }
        guard length >= 8 else { throw OFLoadError.badLength(Int(length)) }
        guard let message = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }
}

enum OFLoadError: Error {
    case badLength(Int)
}
