import NIOCore
import OpenFlow

/// Counts OpenFlow messages in and out by type (and received errors by type and code): outgoing
/// ones as they leave the connection handler, in this handler; incoming ones as the connection
/// cuts them out of the byte stream (`countReceived`).
final class MessageCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static func countReceived(_ frame: ByteBuffer) {
        if let type = frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self) {
            ControllerMetrics.count(OFMessageType(rawValue: type), in: ControllerMetrics.messagesIn)
            if type == OFMessageType.error.rawValue,
                let errorType = frame.getInteger(at: frame.readerIndex + 8, as: UInt16.self),
                let code = frame.getInteger(at: frame.readerIndex + 10, as: UInt16.self)
            {
                ControllerMetrics.countError(type: errorType, code: code)
            }
        }
    }

    /// Outbound buffers hold whole messages, often many (the connection batches them): walks
    /// their headers.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let batch = unwrapOutboundIn(data)
        var offset = batch.readerIndex
        let end = batch.writerIndex
        while offset + 4 <= end, let type = batch.getInteger(at: offset + 1, as: UInt8.self),
            let length = batch.getInteger(at: offset + 2, as: UInt16.self), length >= 8
        {
            ControllerMetrics.count(OFMessageType(rawValue: type), in: ControllerMetrics.messagesOut)
            offset += Int(length)
        }
        context.write(data, promise: promise)
    }
}
