import NIOCore
import NIOPosix

/// `punix:` and `ptcp:`: listen, take the first connection, stop listening.
enum PassiveListener {
    static func acceptOne(
        target: OVSDBTarget, group: any EventLoopGroup,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) async throws -> any Channel {
        let accepted = group.next().makePromise(of: (any Channel).self)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                initializer(channel).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ActivationNotifier(promise: accepted))
                }
            }
        let server: any Channel
        switch target {
        case .punix(let path):
            server = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        case .ptcp(let port, let host):
            server = try await bootstrap.bind(host: host, port: port).get()
        default:
            throw OVSDBClientError.invalidTarget(target.description)
        }
        do {
            let channel = try await accepted.futureResult.get()
            try? await server.close()
            return channel
        } catch {
            try? await server.close()
            throw error
        }
    }
}

/// Hands the accepted channel over only once it is active (the child initializer runs before that).
final class ActivationNotifier: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<any Channel>

    init(promise: EventLoopPromise<any Channel>) {
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { promise.succeed(context.channel) }
    }

    func channelActive(context: ChannelHandlerContext) {
        promise.succeed(context.channel)
        context.fireChannelActive()
    }
}
