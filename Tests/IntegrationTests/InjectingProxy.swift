import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A unix-socket proxy in front of a real ovsdb-server that can slip bytes into what the server
/// sends: to test how a client takes malformed JSON, oversized messages or stray replies coming
/// from its server, without faking the server.
final class InjectingProxy: Sendable {
    let path: String
    private let listener: any Channel
    private let clients = Mutex<[any Channel]>([])

    private init(path: String, listener: any Channel) {
        self.path = path
        self.listener = listener
    }

    static func start(path: String, upstream: String) async throws -> InjectingProxy {
        let box = Mutex<InjectingProxy?>(nil)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { client in
                ClientBootstrap(group: client.eventLoop).connect(unixDomainSocketPath: upstream).flatMapThrowing {
                    server in
                    try client.pipeline.syncOperations.addHandler(Forwarder(peer: server))
                    try server.pipeline.syncOperations.addHandler(Forwarder(peer: client))
                    box.withLock { $0 }?.clients.withLock { $0.append(client) }
                }
            }
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        let proxy = InjectingProxy(path: path, listener: listener)
        box.withLock { $0 = proxy }
        return proxy
    }

    /// Writes raw bytes to every client currently connected, as if the server had sent them.
    func inject(_ bytes: [UInt8]) async throws {
        let channels = clients.withLock { $0 }.filter(\.isActive)
        for channel in channels {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        }
    }

    var connectionCount: Int { clients.withLock { $0.count } }

    func close() async {
        for channel in clients.withLock({ $0 }) { try? await channel.close() }
        try? await listener.close()
    }

    /// Copies everything it reads to the other side and closes it when this side closes.
    final class Forwarder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let peer: any Channel
        init(peer: any Channel) { self.peer = peer }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
