import NIOCore
import OpenFlow

/// Counts OpenFlow messages in and out by type (and received errors by type and code) as they
/// pass between the framing codec and the connection handler.
final class MessageCounter: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = OFMessage
    typealias OutboundOut = OFMessage

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if let type = frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self) {
            ControllerMetrics.count(OFMessageType(rawValue: type), in: ControllerMetrics.messagesIn)
            if type == OFMessageType.error.rawValue,
                let errorType = frame.getInteger(at: frame.readerIndex + 8, as: UInt16.self),
                let code = frame.getInteger(at: frame.readerIndex + 10, as: UInt16.self)
            {
                ControllerMetrics.countError(type: errorType, code: code)
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        ControllerMetrics.count(unwrapOutboundIn(data).type, in: ControllerMetrics.messagesOut)
        context.write(data, promise: promise)
    }
}
