import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import OVSDB
import Synchronization
import TLSCredentials

/// One JSON-RPC connection to an OVSDB server. Calls may be issued concurrently from any task;
/// replies are matched by id. Server notifications (monitor updates, lock events) arrive on
/// `notifications`, which finishes when the connection closes.
public final class OVSDBConnection: Sendable {
    public struct Options: Sendable {
        /// Send an echo after this long without traffic; close if the next interval is silent too.
        /// nil: never probe.
        public var probeInterval: TimeAmount?
        public var maximumMessageSize: Int
        public var connectTimeout: TimeAmount

        public init(
            probeInterval: TimeAmount? = .seconds(5), maximumMessageSize: Int = 64 * 1024 * 1024,
            connectTimeout: TimeAmount = .seconds(10)
        ) {
            self.probeInterval = probeInterval
            self.maximumMessageSize = maximumMessageSize
            self.connectTimeout = connectTimeout
        }
    }

    public let target: OVSDBTarget
    public let notifications: AsyncStream<ServerNotification>
    let channel: any Channel
    private let nextID = Mutex(0)
    /// Notifications read off the wire so far. The server flushes monitor updates before any reply,
    /// so after a reply this count covers every update the reply's transaction caused.
    let receivedNotifications: NotificationCounter
    private let closeReason: Mutex<OVSDBClientError?>
    let logger: Logger

    init(
        target: OVSDBTarget, channel: any Channel, notifications: AsyncStream<ServerNotification>,
        counter: NotificationCounter, logger: Logger
    ) {
        self.receivedNotifications = counter
        self.target = target
        self.channel = channel
        self.notifications = notifications
        self.closeReason = Mutex(nil)
        self.logger = logger
    }

    /// Why the connection closed, once it has.
    public var closedReason: OVSDBClientError? {
        closeReason.withLock { $0 }
    }

    public var isActive: Bool { channel.isActive }

    /// Connects (or, for `punix:`/`ptcp:`, waits for the server to connect to us).
    public static func connect(
        to target: OVSDBTarget, tls: TLSFiles? = nil, options: Options = Options(),
        logger: Logger = Logger(label: "switchboard.ovsdb"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(OVSDBClientError) -> OVSDBConnection {
        let (stream, continuation) = AsyncStream<ServerNotification>.makeStream(bufferingPolicy: .unbounded)
        let box = ConnectionBox()
        let counter = NotificationCounter()
        let sslContext = try makeSSLContext(target: target, tls: tls)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
            channel.eventLoop.makeCompletedFuture {
                if let sslContext {
                    let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: nil)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
                if let interval = options.probeInterval {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: interval))
                }
                let handler = JSONRPCHandler(
                    maximumMessageSize: options.maximumMessageSize, probeInterval: options.probeInterval,
                    onNotification: { method, params in
                        counter.increment()
                        do {
                            continuation.yield(try ServerNotification(method: method, params: params))
                        } catch {
                            logger.warning("ignoring malformed \(method) notification: \(error)")
                            continuation.yield(.other(method: method, params: params))
                        }
                    },
                    onClose: { reason in
                        box.connection.withLock { $0 }?.recordClose(reason)
                        box.pendingReason.withLock { $0 = reason }
                        continuation.finish()
                    })
                try channel.pipeline.syncOperations.addHandler(handler)
            }
        }
        let channel: any Channel
        do {
            channel = try await openChannel(
                target: target, group: eventLoopGroup, timeout: options.connectTimeout, initializer: initializer)
        } catch let error as OVSDBClientError {
            throw error
        } catch {
            throw .connectFailed(target.description, "\(error)")
        }
        let connection = OVSDBConnection(
            target: target, channel: channel, notifications: stream, counter: counter, logger: logger)
        box.connection.withLock { $0 = connection }
        if let reason = box.pendingReason.withLock({ $0 }) { connection.recordClose(reason) }
        return connection
    }

    func recordClose(_ reason: OVSDBClientError) {
        closeReason.withLock { if $0 == nil { $0 = reason } }
    }

    /// Closes the connection; outstanding calls fail with `connectionClosed`.
    public func close() async {
        recordClose(.connectionClosed("closed by us"))
        try? await channel.close()
    }

    /// Sends a request and waits for its response. Cancelling the task sends RFC 7047 `cancel`
    /// for it (the server then answers the request with an error).
    public func call(_ method: String, _ params: [JSON]) async throws(OVSDBClientError) -> JSON {
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        let promise = channel.eventLoop.makePromise(of: JSON.self)
        let channel = self.channel
        channel.writeAndFlush(OutboundCall.request(id: id, method: method, params: params, promise: promise))
            .whenFailure { [self] error in
                promise.fail(closedReason ?? .connectionClosed("\(error)"))
            }
        do {
            return try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                channel.writeAndFlush(
                    OutboundCall.notification(method: "cancel", params: [.integer(Int64(id))]), promise: nil)
            }
        } catch let error as OVSDBClientError {
            throw error
        } catch {
            throw closedReason ?? .connectionClosed("\(error)")
        }
    }

    /// Sends a notification (no reply expected).
    public func notify(_ method: String, _ params: [JSON]) async throws(OVSDBClientError) {
        do {
            try await channel.writeAndFlush(OutboundCall.notification(method: method, params: params))
        } catch {
            throw closedReason ?? .connectionClosed("\(error)")
        }
    }

    static func makeSSLContext(target: OVSDBTarget, tls: TLSFiles?) throws(OVSDBClientError) -> NIOSSLContext? {
        guard case .ssl = target else { return nil }
        // The server must prove itself: without the CA that signed its certificate, no connection.
        guard let tls, tls.caCertificate != nil else {
            throw .tls("ssl: targets need a private key, a certificate and a CA certificate")
        }
        do { return try tls.makeClientContext() } catch { throw .tls(error.description) }
    }

    static func openChannel(
        target: OVSDBTarget, group: any EventLoopGroup, timeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) async throws -> any Channel {
        switch target {
        case .unix(let path):
            return try await ClientBootstrap(group: group).connectTimeout(timeout).channelInitializer(initializer)
                .connect(unixDomainSocketPath: path).get()
        case .tcp(let host, let port), .ssl(let host, let port):
            return try await ClientBootstrap(group: group).connectTimeout(timeout)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer(initializer).connect(host: host, port: port).get()
        case .punix, .ptcp:
            return try await PassiveListener.acceptOne(target: target, group: group, initializer: initializer)
        }
    }
}

/// Lets the channel's close callback, created before the connection object exists, reach it.
final class ConnectionBox: Sendable {
    let connection = Mutex<OVSDBConnection?>(nil)
    let pendingReason = Mutex<OVSDBClientError?>(nil)
}

/// A count shared between the event loop (which increments it) and readers on other threads.
final class NotificationCounter: Sendable {
    private let value = Mutex(0)

    func increment() {
        value.withLock { $0 += 1 }
    }

    var current: Int { value.withLock { $0 } }
}
