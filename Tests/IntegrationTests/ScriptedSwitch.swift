import NIOCore
import NIOPosix
import OpenFlow
import Synchronization

/// A fake OpenFlow 1.4 switch that connects to a controller: it answers the handshake (HELLO,
/// FEATURES, an empty PORT_DESC), barriers and echoes, records every other message the controller
/// sends (echo requests too), and sends whatever a test gives it. No OVS involved, so a test controls every byte.
final class ScriptedSwitch: Sendable {
    private let channel: any Channel
    private let recorder: Recorder

    private init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.recorder = recorder
    }

    static func connect(port: Int, datapathID: UInt64) async throws -> ScriptedSwitch {
        let recorder = Recorder()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(OFFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        Responder(datapathID: datapathID, recorder: recorder))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return ScriptedSwitch(channel: channel, recorder: recorder)
    }

    /// Sends the messages in one write, so the controller most likely reads them in one batch.
    func send(_ messages: [OFMessage]) async throws {
        var buffer = channel.allocator.buffer(capacity: 128 * messages.count)
        for message in messages { message.write(into: &buffer) }
        try await channel.writeAndFlush(buffer)
    }

    /// Sends raw bytes (a message in pieces, or a malformed one).
    func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    /// Returns once the controller has closed the connection (throws if it does not in `timeout`).
    func waitUntilClosed(timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while channel.isActive {
            guard ContinuousClock.now < deadline else { throw ScriptedSwitchError.stillOpen }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until at least `count` recorded messages satisfy `include`, and returns them in order.
    func received(
        _ count: Int, timeout: Duration = .seconds(10), where include: @Sendable (OFMessage) -> Bool = { _ in true }
    ) async throws -> [OFMessage] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let matching = recorder.messages.withLock { $0.filter(include) }
            if matching.count >= count || ContinuousClock.now >= deadline { return matching }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func close() async throws {
        try await channel.close()
    }

    private final class Recorder: Sendable {
        let messages = Mutex<[OFMessage]>([])
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let datapathID: UInt64
        let recorder: Recorder

        init(datapathID: UInt64, recorder: Recorder) {
            self.datapathID = datapathID
            self.recorder = recorder
        }

        func channelActive(context: ChannelHandlerContext) {
            let hello = OFMessage(xid: 1, .hello(Hello(versions: [OpenFlowVersion.wire])))
            context.writeAndFlush(wrapOutboundOut(hello.bytes), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let message = try? OFMessage(bytes: unwrapInboundIn(data)) else { return }
            let answer: OFMessage.Body?
            switch message.body {
            case .hello: answer = nil
            case .featuresRequest: answer = .featuresReply(FeaturesReply(datapathID: datapathID))
            case .multipartRequest(let request):
                answer = request.body.type == .portDesc ? .multipartReply(MultipartReply(.portDesc([]))) : nil
            case .barrierRequest: answer = .barrierReply
            case .echoRequest(let payload): answer = .echoReply(payload)
            default: answer = nil
            }
            if answer == nil || message.type == .echoRequest {
                recorder.messages.withLock { $0.append(message) }
            }
            if let answer {
                context.writeAndFlush(wrapOutboundOut(OFMessage(xid: message.xid, answer).bytes), promise: nil)
            }
        }
    }
}

enum ScriptedSwitchError: Error {
    case stillOpen
}
