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
                initializer(channel).map { accepted.succeed(channel) }
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
