import NIOCore
import OpenFlow
import Synchronization

/// A connected switch, one per datapath. Safe to use from any task: every call hops to the
/// connection's event loop. `send` is fire-and-forget (messages queued in one event-loop tick
/// leave in one flush); `request` waits for the reply with the same xid.
public final class Switch: Sendable, CustomStringConvertible {
    public let datapathID: UInt64
    public let features: FeaturesReply
    /// The ports the switch described during the handshake; `ports()` asks again.
    public let initialPorts: [PortDescription]
    public let peer: String
    let channel: any Channel
    let connection: NIOLoopBound<OpenFlowConnection>
    private let bundleIDs = Atomic<UInt32>(0)

    init(
        features: FeaturesReply, ports: [PortDescription], channel: any Channel,
        connection: NIOLoopBound<OpenFlowConnection>, peer: String
    ) {
        self.datapathID = features.datapathID
        self.features = features
        self.initialPorts = ports
        self.channel = channel
        self.connection = connection
        self.peer = peer
    }

    public var description: String { "switch \(DatapathID.format(datapathID)) (\(peer))" }
    public var isConnected: Bool { channel.isActive }

    func onLoop(_ body: @escaping @Sendable (OpenFlowConnection) -> Void) {
        let loop = channel.eventLoop
        if loop.inEventLoop {
            body(connection.value)
        } else {
            let connection = self.connection
            loop.execute { body(connection.value) }
        }
    }

    /// Sends without waiting. A failure comes back as a `.error` event (or use `barrier()`).
    public func send(_ body: OFMessage.Body) {
        onLoop { _ = $0.send(body) }
    }

    public func send(contentsOf bodies: [OFMessage.Body]) {
        onLoop { connection in
            for body in bodies { _ = connection.send(body) }
        }
    }

    /// Sends the messages, then a barrier, and throws `ControllerError.rejected` listing every one the
    /// switch refused. Not atomic: the others took effect (use a bundle for all-or-nothing).
    public func sendConfirmed(
        _ bodies: [OFMessage.Body], timeout: Duration = .seconds(60)
    ) async throws(ControllerError) {
        let promise = channel.eventLoop.makePromise(of: [RejectedMessage].self)
        onLoop { $0.sendConfirmed(bodies, timeout: timeout, promise: promise) }
        let rejected = try await promise.futureResult.controllerResult()
        if !rejected.isEmpty { throw .rejected(rejected) }
    }

    /// Applies `bodies` atomically in one bundle (OPEN, ADD…, CLOSE, COMMIT): all take effect or
    /// none does. A refusal throws `ControllerError.bundleFailed` naming the inner message at fault.
    public func bundle(
        _ bodies: [OFMessage.Body], flags: BundleFlags = [.atomic, .ordered], timeout: Duration = .seconds(120)
    ) async throws(ControllerError) {
        let stream = openBundle(flags: flags, timeout: timeout)
        stream.add(contentsOf: bodies)
        try await stream.commit()
    }

    /// Opens a bundle to stream messages into as they are produced (see `BundleStream`).
    /// `timeout` bounds each reply the bundle waits for (OPEN, CLOSE, COMMIT).
    public func openBundle(flags: BundleFlags = [.atomic, .ordered], timeout: Duration = .seconds(120)) -> BundleStream
    {
        BundleStream(
            target: self, bundleID: bundleIDs.wrappingAdd(1, ordering: .relaxed).newValue, flags: flags,
            timeout: timeout)
    }

    /// Builds the bundle's messages in `build`, then applies them as `bundle(_:)` does. If `build`
    /// throws, nothing is sent.
    public func bundle(
        flags: BundleFlags = [.atomic, .ordered], _ build: (inout [OFMessage.Body]) throws -> Void
    ) async throws {
        var bodies: [OFMessage.Body] = []
        try build(&bodies)
        try await bundle(bodies, flags: flags)
    }

    /// Sends `body` and returns the reply; multipart replies arrive joined into one message.
    /// An OFPT_ERROR answer throws `ControllerError.switchError`.
    public func request(
        _ body: OFMessage.Body, timeout: Duration = .seconds(30)
    ) async throws(ControllerError) -> OFMessage {
        let promise = channel.eventLoop.makePromise(of: OFMessage.self)
        let start = ContinuousClock.now
        onLoop { $0.request(body, timeout: timeout, promise: promise) }
        defer {
            let elapsed = (ContinuousClock.now - start).components
            ControllerMetrics.requestDuration.recordNanoseconds(
                elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        }
        return try await promise.futureResult.controllerResult()
    }

    /// Returns once the switch has processed everything sent before.
    public func barrier(timeout: Duration = .seconds(30)) async throws(ControllerError) {
        let reply = try await request(.barrierRequest, timeout: timeout)
        guard case .barrierReply = reply.body else {
            throw .unexpectedReply(expected: "BARRIER_REPLY", got: reply.type)
        }
    }

    /// A multipart request, its reply parts joined.
    public func multipart(_ body: MultipartRequest.Body) async throws(ControllerError) -> MultipartReply.Body {
        let reply = try await request(.multipartRequest(MultipartRequest(body)))
        guard case .multipartReply(let multipart) = reply.body else {
            throw .unexpectedReply(expected: "MULTIPART_REPLY", got: reply.type)
        }
        return multipart.body
    }

    public func flows(
        matching request: FlowStatsRequest = FlowStatsRequest()
    ) async throws(ControllerError) -> [FlowStats] {
        guard case .flow(let flows) = try await multipart(.flow(request)) else {
            throw .unexpectedReply(expected: "flow stats", got: .multipartReply)
        }
        return flows
    }

    /// The switch's flows, one reply part (a few hundred flows) at a time as they arrive, so the
    /// caller works on the first parts while the switch is still writing the rest. `timeout`
    /// bounds the whole dump.
    public func flowParts(
        matching request: FlowStatsRequest = FlowStatsRequest(), timeout: Duration = .seconds(30)
    ) -> AsyncThrowingStream<[FlowStats], any Error> {
        AsyncThrowingStream { continuation in
            let promise = channel.eventLoop.makePromise(of: OFMessage.self)
            promise.futureResult.whenComplete { result in
                switch result {
                case .success: continuation.finish()
                case .failure(let error): continuation.finish(throwing: error)
                }
            }
            onLoop { connection in
                connection.request(
                    .multipartRequest(MultipartRequest(.flow(request))), timeout: timeout, promise: promise
                ) { body in
                    guard case .flow(let flows) = body else {
                        continuation.finish(
                            throwing: ControllerError.unexpectedReply(expected: "flow stats", got: .multipartReply))
                        return
                    }
                    continuation.yield(flows)
                }
            }
        }
    }

    public func groups() async throws(ControllerError) -> [GroupDescription] {
        guard case .groupDesc(let groups) = try await multipart(.groupDesc) else {
            throw .unexpectedReply(expected: "group descriptions", got: .multipartReply)
        }
        return groups
    }

    public func ports() async throws(ControllerError) -> [PortDescription] {
        guard case .portDesc(let ports) = try await multipart(.portDesc) else {
            throw .unexpectedReply(expected: "port descriptions", got: .multipartReply)
        }
        return ports
    }

    public func tables() async throws(ControllerError) -> [TableStats] {
        guard case .table(let tables) = try await multipart(.table) else {
            throw .unexpectedReply(expected: "table stats", got: .multipartReply)
        }
        return tables
    }

    public func portStats(port: PortNumber = .any) async throws(ControllerError) -> [PortStats] {
        guard case .portStats(let stats) = try await multipart(.portStats(port: port)) else {
            throw .unexpectedReply(expected: "port stats", got: .multipartReply)
        }
        return stats
    }

    /// Asks to become master, slave or equal; the switch refuses a stale generation id.
    public func setRole(_ role: ControllerRole, generationID: UInt64 = 0) async throws(ControllerError) -> RoleMessage {
        let reply = try await request(.roleRequest(RoleMessage(role: role, generationID: generationID)))
        guard case .roleReply(let answer) = reply.body else {
            throw .unexpectedReply(expected: "ROLE_REPLY", got: reply.type)
        }
        return answer
    }

    /// Closes the connection (the switch will usually reconnect).
    public func close(reason: String = "closed by the controller") {
        onLoop { $0.close(reason: reason) }
    }
}

extension EventLoopFuture where Value: Sendable {
    /// The value, or the failure as a `ControllerError`: the connection fails its promises with
    /// `ControllerError`s; anything else (the channel itself failing) is a disconnection.
    func controllerResult() async throws(ControllerError) -> Value {
        do { return try await get() } catch let error as ControllerError { throw error } catch {
            throw .disconnected("\(error)")
        }
    }
}
