import NIOCore
import NIOPosix
import NIOSSL

/// A TLS client that presents a given certificate (or none) and reports the first bytes the server sends
/// after the handshake, or nil if the server closes the connection (or stays silent for five
/// seconds) first. A controller greets every peer it accepts with an OpenFlow HELLO, so "got a
/// HELLO" means "accepted"; this tells a refused certificate from any later OpenFlow trouble.
enum TLSProbe {
    static func firstBytes(port: Int, certificate: String?, privateKey: String?) async throws -> [UInt8]? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let certificate, let privateKey {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
        }
        configuration.certificateVerification = .none  // only the server's verdict on us matters here
        let context = try NIOSSLContext(configuration: configuration)
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: [UInt8]?.self)
        let channel = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                    try sync.addHandler(FirstBytes(promise: promise))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let timeout = loop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
        defer { timeout.cancel() }
        let bytes = try await promise.futureResult.get()
        try? await channel.close()
        return bytes
    }

    /// Completes the promise once: with the first bytes read, or nil when the channel goes away.
    private final class FirstBytes: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let promise: EventLoopPromise<[UInt8]?>
        var done = false

        init(promise: EventLoopPromise<[UInt8]?>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !done else { return }
            done = true
            let buffer = unwrapInboundIn(data)
            promise.succeed(buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes))
        }

        func channelInactive(context: ChannelHandlerContext) {
            if !done {
                done = true
                promise.succeed(nil)
            }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
