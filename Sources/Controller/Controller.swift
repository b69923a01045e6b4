import Logging
import NIOCore
import NIOPosix
import NIOSSL
import OpenFlow
import Reconnection
import Synchronization
import TLSCredentials

/// The OpenFlow controller runtime: listens for switches (and connects to those that listen),
/// keeps a registry of the ones whose handshake completed, and publishes their events.
public final class Controller: Sendable {
    public struct Configuration: Sendable {
        /// Bytes of each packet the switch includes in PACKET_IN (0xffff: whole packet).
        public var missSendLength: UInt16 = 0xffff
        /// Probe a switch that has been silent this long...
        public var echoInterval: Duration = .seconds(5)
        /// ...and drop it if the probe goes unanswered this long.
        public var echoTimeout: Duration = .seconds(5)
        public var handshakeTimeout: Duration = .seconds(10)
        /// Events kept for a slow consumer before new ones are dropped (and counted).
        public var eventBufferSize: Int = 65_536
        public var maximumMessageLength: Int = 65_535

        public init() {}
    }

    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let registry = Mutex<Registry>(Registry())
    private let eventBuffer: EventBuffer
    private let listeners = Mutex<[any Channel]>([])
    private let connectors = Mutex<[Task<Void, Never>]>([])

    public init(
        configuration: Configuration = Configuration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "switchboard.controller")
    ) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        self.eventBuffer = EventBuffer(capacity: configuration.eventBufferSize)
    }

    /// Connection events of every switch, in arrival order per switch. One consumer.
    public var events: AsyncStream<SwitchEvent> { eventBuffer.stream }
    /// Events dropped because the consumer fell behind.
    public var droppedEvents: Int { eventBuffer.droppedCount }

    /// Switches whose handshake completed, by datapath id.
    public var switches: [UInt64: Switch] { registry.withLock { $0.switches } }

    public func switchHandle(_ datapathID: UInt64) -> Switch? { registry.withLock { $0.switches[datapathID] } }

    /// Switches whose handshake completed, and the apps that handle packet-ins on their event
    /// loops; one lock for both, so each switch gets each app's handler exactly once whichever
    /// comes first.
    private struct Registry {
        var switches: [UInt64: Switch] = [:]
        var packetInApps: [any ControllerApp] = []
    }

    /// Gives every switch, connected now or later, the packet-in handler each of `apps` makes for
    /// it (`ControllerApp.packetInHandler(for:)`; apps that make none are skipped). `AppRunner.run`
    /// does this for its apps. Packet-ins a handler answers are no longer published as events.
    public func attachPacketInHandlers(of apps: [any ControllerApp]) {
        let connected = registry.withLock { registry in
            registry.packetInApps += apps
            return Array(registry.switches.values)
        }
        for handle in connected {
            handle.onLoop { connection in
                for app in apps {
                    if let handler = app.packetInHandler(for: handle) { connection.addPacketInHandler(handler) }
                }
            }
        }
    }

    /// Waits until at least `count` switches are registered.
    public func waitForSwitches(count: Int, timeout: Duration = .seconds(30)) async throws -> [Switch] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let current = registry.withLock { Array($0.switches.values) }
            if current.count >= count { return current }
            guard clock.now < deadline else {
                throw ControllerError.switchesNotConnected(expected: count, connected: current.count, within: timeout)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    // MARK: Listening

    /// Starts accepting switches on `target`; returns the bound address (useful with port 0).
    @discardableResult
    public func listen(on target: ControllerTarget, tls: TLSFiles? = nil) async throws -> SocketAddress? {
        let sslContext: NIOSSLContext?
        switch target {
        case .ssl:
            guard let tls else { throw ControllerError.tls("ssl: needs a certificate and a private key") }
            sslContext = try tls.serverContext()
        default:
            sslContext = nil
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // No TCP_NODELAY here: NIO sets it on TCP listeners (accepted sockets inherit it), and
            // `.socketOption(.tcp_nodelay)` would be option 1 at SOL_SOCKET, i.e. SO_DEBUG, which
            // only root may set: every accepted connection failed for other users.
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try self.addOpenFlowHandlers(to: channel)
                }
            }
        let channel: any Channel
        switch target {
        case .tcp(let host, let port), .ssl(let host, let port):
            channel = try await bootstrap.bind(host: host, port: port).get()
        case .unix(let path):
            channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        }
        listeners.withLock { $0.append(channel) }
        logger.info(
            "listening", metadata: ["target": "\(target)", "address": "\(channel.localAddress.map { "\($0)" } ?? "")"])
        return channel.localAddress
    }

    // MARK: Active connections

    /// Connects to a switch that listens (`ptcp:` / `pssl:` / `punix:` on the switch side), and
    /// reconnects with exponential backoff and jitter whenever the connection drops, until shutdown.
    public func connect(to target: ControllerTarget, tls: TLSFiles? = nil) throws {
        let sslContext = try tls.map { files throws(ControllerError) in try files.clientContext() }
        if case .ssl = target, sslContext == nil {
            throw ControllerError.tls("ssl: needs a certificate and a private key")
        }
        let task = Task { [self] in
            var backoff = Backoff()
            let clock = ContinuousClock()
            while !Task.isCancelled {
                do {
                    let channel = try await self.openActive(target, sslContext: sslContext)
                    let connectedAt = clock.now
                    try? await channel.closeFuture.get()
                    backoff.connectionEnded(after: clock.now - connectedAt)
                } catch {
                    logger.debug("connect failed", metadata: ["target": "\(target)", "error": "\(error)"])
                }
                try? await Task.sleep(for: backoff.nextDelay())
            }
        }
        connectors.withLock { $0.append(task) }
    }

    /// One connection to a switch that listens (a bridge's `.mgmt` socket, `ptcp:`, `pssl:`),
    /// without reconnecting: returns once the handshake is done, or throws why it could not be.
    /// For one-shot tools like `ofctl`; the switch is registered like any other until it closes.
    public func open(
        _ target: ControllerTarget, tls: TLSFiles? = nil, timeout: Duration = .seconds(10)
    ) async throws -> Switch {
        let sslContext = try tls.map { files throws(ControllerError) in try files.clientContext() }
        if case .ssl = target, sslContext == nil {
            throw ControllerError.tls("ssl: needs a certificate and a private key")
        }
        let ready = group.next().makePromise(of: Switch.self)
        let channel: any Channel
        do {
            channel = try await openActive(target, sslContext: sslContext, ready: ready, timeout: timeout)
        } catch {
            // A promise must be completed before it is released (NIO traps on a leak in debug builds).
            ready.fail(error)
            throw error
        }
        channel.closeFuture.whenComplete { _ in ready.fail(ControllerError.disconnected("switch closed the connection"))
        }
        let deadline = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            ready.fail(ControllerError.timeout(.featuresRequest, xid: 0))
        }
        defer { deadline.cancel() }
        do {
            return try await ready.futureResult.get()
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private func openActive(
        _ target: ControllerTarget, sslContext: NIOSSLContext?, ready: EventLoopPromise<Switch>? = nil,
        timeout: Duration = .seconds(5)
    ) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: group)
            // TCP_NODELAY is NIO's default for TCP (and left off for unix sockets); see `listen`.
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: sslContext, serverHostname: nil))
                    }
                    try self.addOpenFlowHandlers(to: channel, ready: ready)
                }
            }
        switch target {
        case .tcp(let host, let port), .ssl(let host, let port):
            return try await bootstrap.connect(host: host, port: port).get()
        case .unix(let path):
            return try await bootstrap.channelOption(.socketOption(.so_sndbuf), value: Self.unixSendBuffer)
                .connect(unixDomainSocketPath: path).get()
        }
    }

    /// The send buffer of a connection to a local switch's socket. ovs-vswitchd reads a bundle as
    /// fast as it can parse it; with the default (208 KiB) it emptied the socket between two of
    /// our writes and waited, a fifth of `add-flows --bundle`'s wall time. 4 MiB keeps it fed (the
    /// kernel caps it at net.core.wmem_max). TCP keeps the kernel's own sizing.
    static let unixSendBuffer: SocketOptionValue = 4 * 1024 * 1024

    // MARK: Connections

    private func addOpenFlowHandlers(to channel: any Channel, ready: EventLoopPromise<Switch>? = nil) throws {
        let settings = OpenFlowConnection.Settings(
            missSendLength: configuration.missSendLength, echoInterval: configuration.echoInterval,
            echoTimeout: configuration.echoTimeout, handshakeTimeout: configuration.handshakeTimeout,
            maximumMessageLength: configuration.maximumMessageLength)
        let callbacks = OpenFlowConnection.Callbacks(
            ready: { [self] handle in
                let apps = self.register(handle)
                ready?.succeed(handle)
                return apps.compactMap { $0.packetInHandler(for: handle) }
            },
            event: { [self] event in self.eventBuffer.publish(event) },
            closed: { [self] handle, reason in self.unregister(handle, reason: reason) })
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(MessageCounter())
        try sync.addHandler(OpenFlowConnection(settings: settings, callbacks: callbacks, logger: logger))
    }

    /// Returns the apps that handle packet-ins, for the new connection's handlers.
    private func register(_ handle: Switch) -> [any ControllerApp] {
        let (previous, apps) = registry.withLock { registry in
            let old = registry.switches[handle.datapathID]
            registry.switches[handle.datapathID] = handle
            ControllerMetrics.switchesConnected.record(registry.switches.count)
            return (old, registry.packetInApps)
        }
        if let previous, previous !== handle {
            logger.notice(
                "datapath reconnected; replacing its previous connection",
                metadata: ["dpid": "\(DatapathID.format(handle.datapathID))", "old": "\(previous.peer)"])
            previous.close(reason: "replaced by a new connection from the same datapath")
        }
        eventBuffer.publish(.connected(handle))
        return apps
    }

    private func unregister(_ handle: Switch?, reason: String) {
        guard let handle else { return }
        let removed = registry.withLock { registry in
            guard registry.switches[handle.datapathID] === handle else { return false }
            registry.switches[handle.datapathID] = nil
            ControllerMetrics.switchesConnected.record(registry.switches.count)
            return true
        }
        if removed { eventBuffer.publish(.disconnected(datapathID: handle.datapathID, reason: reason)) }
    }

    /// Stops listening and connecting, closes every switch connection, ends the event stream.
    public func shutdown() async {
        for task in connectors.withLock({ $0 }) { task.cancel() }
        for channel in listeners.withLock({ $0 }) { try? await channel.close() }
        for handle in registry.withLock({ Array($0.switches.values) }) {
            handle.close(reason: "controller shutting down")
            try? await handle.channel.closeFuture.get()
        }
        eventBuffer.finish()
    }
}
