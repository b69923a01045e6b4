import Foundation
import NIOCore
import NIOPosix
import OpenFlow
import Synchronization

/// A TCP listener that plays just enough of an OpenFlow 1.4 switch for `ovs-ofctl` to send its
/// requests to it, and records every frame it receives, byte for byte and in order (ovs-ofctl
/// opens its connections one after another).
///
/// ovs-ofctl 3.1 first asks for table features (to resolve table names; it insists on the eight
/// required properties), then opens a second connection for the command itself and waits for
/// the barrier, bundle or multipart reply; each is answered here. Requests it cannot answer get
/// OFPBRC_BAD_MULTIPART so ovs-ofctl exits instead of waiting.
final class FakeOpenFlowSwitch: Sendable {
    private let channel: any Channel
    private let recorder: Recorder
    let port: Int

    private init(channel: any Channel, recorder: Recorder, port: Int) {
        self.channel = channel
        self.recorder = recorder
        self.port = port
    }

    /// Every frame received so far, across connections.
    var received: [ByteBuffer] { recorder.frames.withLock { $0 } }

    static func start() async throws -> FakeOpenFlowSwitch {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(OFFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Responder(recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeOpenFlowSwitch(channel: channel, recorder: recorder, port: channel.localAddress?.port ?? 0)
    }

    func stop() async throws {
        try await channel.close()
    }

    /// Shared by the listener's connection handlers and the test reading what they recorded.
    private final class Recorder: Sendable {
        let frames = Mutex<[ByteBuffer]>([])
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let recorder: Recorder

        init(recorder: Recorder) { self.recorder = recorder }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            recorder.frames.withLock { $0.append(frame) }
            guard let request = try? OFMessage(bytes: frame) else { return }
            guard let body = Self.answer(request, frame: frame) else { return }
            context.writeAndFlush(wrapOutboundOut(OFMessage(xid: request.xid, body).bytes), promise: nil)
        }

        static func answer(_ request: OFMessage, frame: ByteBuffer) -> OFMessage.Body? {
            switch request.body {
            case .hello: return .hello(Hello(versions: [OpenFlowVersion.wire]))
            case .echoRequest(let data): return .echoReply(data)
            case .barrierRequest: return .barrierReply
            case .bundleControl(let c):
                // Each request type is followed by its reply type (open 0 -> 1, commit 4 -> 5, ...).
                return .bundleControl(
                    BundleControl(
                        bundleID: c.bundleID, type: BundleControlType(rawValue: c.type.rawValue + 1), flags: c.flags))
            case .multipartRequest(let r):
                if let reply = multipartAnswer(r.body) { return .multipartReply(MultipartReply(reply)) }
                return .error(.standard(.badRequest(.badMultipart), data: frame))
            default: return nil
            }
        }

        static func multipartAnswer(_ body: MultipartRequest.Body) -> MultipartReply.Body? {
            switch body {
            case .tableFeatures:
                return .tableFeatures([
                    TableFeatures(
                        tableID: 0, name: "t0", maxEntries: 1000,
                        properties: [
                            .instructions([], miss: false), .nextTables([], miss: false),
                            .writeActions([], miss: false), .applyActions([], miss: false), .match([]), .wildcards([]),
                            .writeSetField([], miss: false), .applySetField([], miss: false),
                        ])
                ])
            case .flow: return .flow([])
            case .aggregate: return .aggregate(AggregateStats(packetCount: 0, byteCount: 0, flowCount: 0))
            case .table: return .table([])
            case .portStats: return .portStats([])
            case .queueStats: return .queueStats([])
            case .group: return .group([])
            case .groupDesc: return .groupDesc([])
            case .meter: return .meter([])
            case .meterConfig: return .meterConfig([])
            case .portDesc: return .portDesc([])
            case .tableDesc: return .tableDesc([])
            case .queueDesc: return .queueDesc([])
            default: return nil
            }
        }
    }
}
