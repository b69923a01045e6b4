import NIOCore
import OVSDB

/// What the connection asks the handler to send.
enum OutboundCall: Sendable {
    case request(id: Int, method: String, params: [JSON], promise: EventLoopPromise<JSON>)
    case notification(method: String, params: [JSON])
}

/// The JSON-RPC engine on the event loop: splits the byte stream into messages, matches responses
/// to requests by id, answers the server's `echo`, probes a silent peer with our own `echo`, and
/// hands notifications to the connection. Any protocol violation (malformed JSON, an oversized
/// message, a reply nobody asked for) fails every outstanding request with that reason and closes
/// the connection: after one, nothing on the stream can be trusted.
final class JSONRPCHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = OutboundCall
    typealias OutboundOut = ByteBuffer

    private var splitter: JSONStreamSplitter
    private var pending: [Int: (method: String, promise: EventLoopPromise<JSON>)] = [:]
    private var probeOutstanding = false
    private var probeCount = 0
    private var failure: OVSDBClientError?
    private let probeInterval: TimeAmount?
    private let onNotification: @Sendable (String, [JSON]) -> Void
    private let onClose: @Sendable (OVSDBClientError) -> Void

    init(
        maximumMessageSize: Int, probeInterval: TimeAmount?,
        onNotification: @escaping @Sendable (String, [JSON]) -> Void,
        onClose: @escaping @Sendable (OVSDBClientError) -> Void
    ) {
        self.splitter = JSONStreamSplitter(maximumMessageSize: maximumMessageSize)
        self.probeInterval = probeInterval
        self.onNotification = onNotification
        self.onClose = onClose
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let call = unwrapOutboundIn(data)
        let message: JSONRPCMessage
        switch call {
        case .request(let id, let method, let params, let reply):
            if let failure {
                reply.fail(failure)
                promise?.fail(failure)
                return
            }
            pending[id] = (method, reply)
            message = .request(id: .integer(Int64(id)), method: method, params: params)
        case .notification(let method, let params):
            message = .notification(method: method, params: params)
        }
        send(message, context: context, promise: promise)
    }

    private func send(_ message: JSONRPCMessage, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        let bytes = message.json.serializedBytes()
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        probeOutstanding = false
        guard failure == nil else { return }
        let messages: [[UInt8]]
        do {
            messages = try splitter.feed(buffer.readableBytesView)
        } catch {
            switch error {
            case .messageTooLarge(let limit): fail(.messageTooLarge(limit: limit), context: context)
            default: fail(.malformedMessage(error.description), context: context)
            }
            return
        }
        for bytes in messages {
            guard failure == nil else { return }
            do {
                let message = try JSONRPCMessage(json: JSON.parse(bytes))
                handle(message, context: context)
            } catch let error as JSONParseError {
                fail(.malformedMessage(error.description), context: context)
            } catch let error as OVSDBClientError {
                fail(error, context: context)
            } catch {
                fail(.malformedMessage("\(error)"), context: context)
            }
        }
    }

    private func handle(_ message: JSONRPCMessage, context: ChannelHandlerContext) {
        switch message {
        case .request(let id, "echo", let params):
            send(.response(id: id, result: .array(params), error: .null), context: context, promise: nil)
        case .request(let id, let method, _):
            // A server asks us nothing but echo; say so rather than leave it waiting.
            let error: JSON = ["error": "unknown method", "details": .string(method)]
            send(.response(id: id, result: .null, error: error), context: context, promise: nil)
        case .notification(let method, let params):
            onNotification(method, params)
        case .response(let id, let result, let error):
            if case .string(let text) = id, text.hasPrefix("probe-") { return }
            guard case .integer(let number) = id, let entry = pending.removeValue(forKey: Int(number)) else {
                fail(.unexpectedReply(id: id.serialized()), context: context)
                return
            }
            if error == .null {
                entry.promise.succeed(result)
            } else {
                let text = error.stringValue ?? error["error"]?.stringValue ?? error.serialized()
                let details = error["details"]?.stringValue.map { ": " + $0 } ?? ""
                entry.promise.fail(OVSDBClientError.rpcError(method: entry.method, error: text + details))
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, let probeInterval else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if probeOutstanding {
            fail(.peerTimeout(seconds: Double(probeInterval.nanoseconds) / 1e9), context: context)
            return
        }
        probeOutstanding = true
        probeCount += 1
        send(.request(id: .string("probe-\(probeCount)"), method: "echo", params: []), context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connectionClosed("\(error)"), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(failure ?? .connectionClosed("closed by peer"))
        context.fireChannelInactive()
    }

    private func fail(_ error: OVSDBClientError, context: ChannelHandlerContext) {
        guard failure == nil else { return }
        failure = error
        finish(error)
        context.close(promise: nil)
    }

    private var finished = false

    private func finish(_ error: OVSDBClientError) {
        if failure == nil { failure = error }
        let outstanding = pending
        pending = [:]
        for entry in outstanding.values { entry.promise.fail(error) }
        guard !finished else { return }
        finished = true
        onClose(error)
    }
}
