import Logging
import NIOCore
import OpenFlow

/// One OpenFlow connection's channel handler, confined to its event loop: cuts the stream into
/// messages (`OFFrameReader`), runs the handshake, answers echoes, probes an idle peer, runs the
/// packet-in handlers, and otherwise hands each message to its `ConnectionStateMachine`, carrying
/// out the actions it returns: the callers' promises live here, keyed by the xid or id the machine
/// names them by. A message that does not decode is answered with the OFPT_ERROR the spec asks
/// for and closes this connection only.
final class OpenFlowConnection: ChannelInboundHandler, RemovableChannelHandler {
    /// Bytes as read from the socket (or TLS), cut into messages here (see `OFFrameReader`).
    typealias InboundIn = ByteBuffer
    /// Encoded here, not by an encoder handler: messages queued in one event-loop tick share one
    /// buffer (one allocation and one pipeline write per batch, not per message).
    typealias OutboundOut = ByteBuffer

    struct Settings: Sendable {
        var missSendLength: UInt16
        var echoInterval: Duration
        var echoTimeout: Duration
        var handshakeTimeout: Duration
        var maximumMessageLength: Int
    }

    /// What the connection tells its owner; called on the event loop.
    struct Callbacks: Sendable {
        /// Returns the packet-in handlers the switch starts with (see `PacketInHandler`).
        var ready: @Sendable (Switch) -> [any PacketInHandler]
        var event: @Sendable (SwitchEvent) -> Void
        var closed: @Sendable (Switch?, String) -> Void
    }

    /// A caller waiting for the reply to one request.
    private struct RequestWaiter {
        var promise: EventLoopPromise<OFMessage>
        /// For a multipart request whose parts are handed over as they arrive instead of joined
        /// (`Switch.flowParts`); the promise then gets the last part.
        var eachPart: (@Sendable (MultipartReply.Body) -> Void)?
    }

    private let settings: Settings
    private let callbacks: Callbacks
    private var logger: Logger
    private var handshake: Handshake
    private var keepalive: Keepalive?
    private var machine: ConnectionStateMachine
    private var requests: [UInt32: RequestWaiter] = [:]
    private var confirmations: [UInt64: EventLoopPromise<[RejectedMessage]>] = [:]
    private var bundleEnds: [UInt32: EventLoopPromise<Void>] = [:]
    /// Messages encoded since the last write (and the xids they got), sent together at the next
    /// flush. Packet-in handlers write into it directly.
    private var outbound: SwitchWriter
    /// An empty buffer that stands in for `outbound`'s while a packet-in handler holds it.
    private let spare = ByteBuffer()
    /// Called in order for each PACKET_IN once the handshake is complete, before any decoding.
    private var packetInHandlers: [any PacketInHandler] = []
    /// A batch is handed to the channel once it is this big, so a large bundle starts leaving
    /// before the whole of it is encoded.
    private static let writeChunk = 64 * 1024
    private var context: ChannelHandlerContext?
    private var handle: Switch?
    private var keepaliveTimer: Scheduled<Void>?
    private var handshakeDeadline: Scheduled<Void>?
    /// One timer for every request's deadline, set for the earliest (`ConnectionStateMachine.expire`).
    private var deadlineTimer: Scheduled<Void>?
    private var deadlineTimerFires: ContinuousClock.Instant?
    private var flushPending = false
    private var frames: OFFrameReader
    private var closeReason: String?
    /// Where the event loop's clock and ours met: times here are the loop's (`now()`), so a test's
    /// `EmbeddedEventLoop` drives the deadlines and the keepalive with `advanceTime`.
    private var clockOrigin = (instant: ContinuousClock.now, loop: NIODeadline.now())

    init(settings: Settings, callbacks: Callbacks, logger: Logger) {
        self.settings = settings
        self.callbacks = callbacks
        self.logger = logger
        self.handshake = Handshake(xids: XIDSource(start: 0x4000_0000), missSendLength: settings.missSendLength)
        self.frames = OFFrameReader(maximumMessageLength: settings.maximumMessageLength)
        let xids = XIDCounter()
        self.machine = ConnectionStateMachine(xids: xids)
        self.outbound = SwitchWriter(buffer: ByteBuffer(), xids: xids)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        clockOrigin = (ContinuousClock.now, context.eventLoop.now)
        if let peer = context.channel.remoteAddress { logger[metadataKey: "peer"] = "\(peer)" }
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if let peer = context.channel.remoteAddress { logger[metadataKey: "peer"] = "\(peer)" }
        start(context: context)
        context.fireChannelActive()
    }

    private var started = false

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        emitAndFlush(handshake.start())
        handshakeDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(settings.handshakeTimeout)) {
            [weak self] in
            self?.close(reason: "handshake did not complete within \(self?.settings.handshakeTimeout ?? .zero)")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason ?? "peer closed the connection"
        keepaliveTimer?.cancel()
        handshakeDeadline?.cancel()
        deadlineTimer?.cancel()
        deadlineTimer = nil
        for action in machine.closed(reason: reason) { perform(action) }
        // The machine named everything it knew; a caller it did not know is not left hanging.
        let error = ControllerError.disconnected(reason)
        for (_, waiter) in requests { waiter.promise.fail(error) }
        for (_, promise) in confirmations { promise.fail(error) }
        for (_, promise) in bundleEnds { promise.fail(error) }
        requests.removeAll()
        confirmations.removeAll()
        bundleEnds.removeAll()
        packetInHandlers.removeAll()
        frames.reset()
        logger.info("connection closed", metadata: ["reason": "\(reason)"])
        callbacks.closed(handle, reason)
        self.context = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(reason: "\(error)")
    }

    /// Cuts what was read into messages and handles each in turn; a message's start without its end
    /// waits for the next read.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(unwrapInboundIn(data))
        // One clock read per read, not per message: what a bundle's COMMIT deadline counts from.
        let now = self.now()
        while self.context != nil, closeReason == nil {
            let frame: ByteBuffer
            do {
                guard let next = try frames.next() else { break }
                frame = next
            } catch {
                framingFailed(error)
                return
            }
            MessageCounter.countReceived(frame)
            handleFrame(frame, now: now, context: context)
        }
    }

    /// After this the byte boundaries of later messages are unknown: answer and close.
    /// The event loop's time, as an instant of the clock the keepalive and the deadlines count in.
    private func now() -> ContinuousClock.Instant {
        guard let context else { return .now }
        let elapsed = context.eventLoop.now.uptimeNanoseconds &- clockOrigin.loop.uptimeNanoseconds
        return clockOrigin.instant + .nanoseconds(Int64(truncatingIfNeeded: elapsed))
    }

    private func framingFailed(_ error: OFFramingError) {
        emitAndFlush(OFMessage(xid: error.header.xid, .error(.standard(error.code, data: ByteBuffer()))))
        close(reason: "malformed stream: \(error.reason)")
    }

    private func handleFrame(_ frame: ByteBuffer, now: ContinuousClock.Instant, context: ChannelHandlerContext) {
        if !packetInHandlers.isEmpty,
            frame.getInteger(at: frame.readerIndex + 1, as: UInt8.self) == OFMessageType.packetIn.rawValue,
            handshake.state == .complete, let packet = PacketInView(frame)
        {
            if handlePacketIn(packet, context: context) { return }
        }
        let message: OFMessage
        do {
            message = try OFMessage(bytes: frame)
        } catch {
            let reply = OFMessage(xid: error.xid ?? 0, .error(ErrorMessage(replyingTo: error, request: frame)))
            emitAndFlush(reply)
            close(reason: "undecodable message: \(error.reason)")
            return
        }
        if handshake.state != .complete {
            handleHandshake(message, context: context)
        } else {
            perform(machine.receive(message, now: now))
        }
    }

    /// The end of a batch of reads: one clock read for the keepalive, and everything the batch
    /// produced leaves in one write and one flush.
    func channelReadComplete(context: ChannelHandlerContext) {
        keepalive?.heardFromPeer(now: now())
        armDeadlineTimer()
        if outbound.pendingBytes > 0 { flushNow() }
        context.fireChannelReadComplete()
    }

    // MARK: Packet-in handlers

    /// Offers `packet` to the handlers in order; false if none handled it (it is then decoded and
    /// published as an event).
    /// The handlers write into the batch moved out of `outbound` (so without copying it): a handler
    /// that also calls `Switch` methods reaches `outbound` again on this same thread, and those
    /// messages follow the handler's.
    private func handlePacketIn(_ packet: PacketInView, context: ChannelHandlerContext) -> Bool {
        var replies = outbound
        outbound.buffer = spare
        defer {
            let nested = outbound.buffer
            outbound = replies
            if nested.readableBytes > 0 { outbound.buffer.writeImmutableBuffer(nested) }
        }
        for handler in packetInHandlers {
            let disposition = handler.packetIn(packet, replies: &replies)
            if replies.pendingBytes >= Self.writeChunk {
                context.write(wrapOutboundOut(replies.buffer), promise: nil)
                replies.buffer = context.channel.allocator.buffer(capacity: Self.writeChunk + 1024)
            }
            if case .handled = disposition { return true }
        }
        return false
    }

    func addPacketInHandler(_ handler: any PacketInHandler) {
        packetInHandlers.append(handler)
    }

    // MARK: Handshake

    private func handleHandshake(_ message: OFMessage, context: ChannelHandlerContext) {
        switch handshake.receive(message) {
        case .send(let messages):
            for m in messages { emit(m) }
            flushNow()
        case .complete(let features, let ports, let messages):
            for m in messages { emit(m) }
            flushNow()
            handshakeDeadline?.cancel()
            logger[metadataKey: "dpid"] = "\(DatapathID.format(features.datapathID))"
            let handle = Switch(
                features: features, ports: ports, channel: context.channel,
                connection: NIOLoopBound(self, eventLoop: context.eventLoop),
                peer: context.channel.remoteAddress.map { "\($0)" } ?? "unix")
            self.handle = handle
            startKeepalive(context: context)
            logger.info("switch connected", metadata: ["ports": "\(ports.count)"])
            packetInHandlers += callbacks.ready(handle)
        case .fail(let reply, let reason):
            if let reply { emitAndFlush(reply) }
            logger.warning("handshake failed", metadata: ["reason": "\(reason)"])
            close(reason: reason)
        case .notHandshake:
            if case .echoRequest(let payload) = message.body {
                emitAndFlush(OFMessage(xid: message.xid, .echoReply(payload)))
            }
        }
    }

    // MARK: Timers

    private func startKeepalive(context: ChannelHandlerContext) {
        let now = self.now()
        keepalive = Keepalive(interval: settings.echoInterval, timeout: settings.echoTimeout, now: now)
        scheduleKeepalive(after: settings.echoInterval, context: context)
    }

    /// Wakes when the keepalive could next act (`Keepalive.nextDeadline`): a peer heard from
    /// meanwhile only moves the deadline, and a dead one is noticed within interval + timeout.
    private func scheduleKeepalive(after delay: Duration, context: ChannelHandlerContext) {
        // At least a millisecond: a timer whose clock runs a hair behind ours must not spin.
        keepaliveTimer = context.eventLoop.assumeIsolated().scheduleTask(
            in: TimeAmount(max(delay, .milliseconds(1)))
        ) { [weak self] in
            guard let self, let context = self.context, var keepalive = self.keepalive else { return }
            let now = self.now()
            let action = keepalive.tick(now: now)
            self.keepalive = keepalive
            switch action {
            case .none: break
            case .sendProbe:
                self.emitAndFlush(OFMessage(xid: self.outbound.xids.next(), .echoRequest(ByteBuffer())))
            case .peerDead:
                self.logger.warning("switch stopped answering echo requests")
                self.close(reason: "no reply to echo request within \(self.settings.echoTimeout)")
            }
            if self.closeReason == nil {
                self.scheduleKeepalive(after: keepalive.nextDeadline(now: now) - now, context: context)
            }
        }
    }

    /// Sets the deadline timer for the machine's earliest deadline, unless it is already set for
    /// that or sooner.
    private func armDeadlineTimer() {
        guard let context, let earliest = machine.earliestDeadline else { return }
        if let fires = deadlineTimerFires, fires <= earliest { return }
        deadlineTimer?.cancel()
        deadlineTimerFires = earliest
        let delay = max(earliest - now(), .milliseconds(1))
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [weak self] in
            guard let self else { return }
            self.deadlineTimer = nil
            self.deadlineTimerFires = nil
            for action in self.machine.expire(now: self.now()) { self.perform(action) }
            self.armDeadlineTimer()
        }
    }

    // MARK: Carrying out the machine's actions

    private func perform(_ action: ConnectionAction) {
        switch action {
        case .none:
            break
        case .send(let message):
            write(message)
        case .reply(let xid, let message):
            requests.removeValue(forKey: xid)?.promise.succeed(message)
        case .part(let xid, let reply, let last):
            guard let waiter = last ? requests.removeValue(forKey: xid) : requests[xid] else { return }
            waiter.eachPart?(reply.body)
            if last { waiter.promise.succeed(OFMessage(xid: xid, .multipartReply(reply))) }
        case .fail(let xid, let error):
            requests.removeValue(forKey: xid)?.promise.fail(error)
        case .confirmationFinished(let id, let result):
            confirmations.removeValue(forKey: id)?.completeWith(result.mapError { $0 })
        case .bundleFinished(let id, let result):
            bundleEnds.removeValue(forKey: id)?.completeWith(result.mapError { $0 })
        case .deliver(let message):
            guard let handle else { return }
            switch message.body {
            case .packetIn(let packetIn): callbacks.event(.packetIn(handle, packetIn))
            case .flowRemoved(let removed): callbacks.event(.flowRemoved(handle, removed))
            case .portStatus(let status): callbacks.event(.portStatus(handle, status))
            default: callbacks.event(.message(handle, message))
            }
        case .unmatchedError(let error, let xid):
            guard let handle else { return }
            logger.notice("switch error", metadata: ["xid": "\(xid)", "error": "\(ErrorDescription.text(error))"])
            callbacks.event(.error(handle, error, xid: xid))
        }
    }

    // MARK: Called by Switch (on the event loop)

    /// Queues a message; everything queued in one event-loop tick goes out in one flush.
    func send(_ body: OFMessage.Body) -> UInt32 {
        let xid = outbound.xids.next()
        write(OFMessage(xid: xid, body))
        return xid
    }

    func write(_ message: OFMessage) {
        guard let context else { return }
        emit(message)
        // Also while reading: `channelReadComplete` flushes sooner, but a flush that depended on it
        // would hang on a handler that delivers reads without it.
        guard !flushPending else { return }
        flushPending = true
        context.eventLoop.assumeIsolated().execute { [weak self] in
            guard let self else { return }
            self.flushPending = false
            self.flushNow()
        }
    }

    /// Encodes `message` into the outbound batch; a full batch goes to the channel (unflushed).
    private func emit(_ message: OFMessage) {
        guard let context else { return }
        message.write(into: &outbound.buffer)
        if outbound.pendingBytes >= Self.writeChunk { handOver(context: context) }
    }

    /// Hands the batch so far to the channel, flushed, and starts a new one. Flushed because a
    /// task that emits many batches (a bundle of 30,000 flow mods added at once) would
    /// otherwise keep all of them until it ends, and the switch would sit idle while they are
    /// encoded instead of parsing the first ones.
    private func handOver(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(outbound.buffer), promise: nil)
        outbound.buffer = context.channel.allocator.buffer(capacity: Self.writeChunk + 1024)
    }

    /// Hands the batch to the channel and flushes it.
    private func flushNow() {
        guard let context else { return }
        if outbound.pendingBytes > 0 {
            context.write(wrapOutboundOut(outbound.buffer), promise: nil)
            outbound.buffer = context.channel.allocator.buffer(capacity: 1024)
        }
        context.flush()
    }

    private func emitAndFlush(_ message: OFMessage) {
        emit(message)
        flushNow()
    }

    /// Sends `body` and completes `promise` with the reply (multipart parts joined, or handed to
    /// `eachPart` as they arrive).
    func request(
        _ body: OFMessage.Body, timeout: Duration, promise: EventLoopPromise<OFMessage>,
        eachPart: (@Sendable (MultipartReply.Body) -> Void)? = nil
    ) {
        guard context != nil else {
            promise.fail(ControllerError.disconnected(closeReason ?? "not connected"))
            return
        }
        switch machine.request(body, streamed: eachPart != nil, deadline: now() + timeout) {
        case .success(let message):
            requests[message.xid] = RequestWaiter(promise: promise, eachPart: eachPart)
            write(message)
            armDeadlineTimer()
        case .failure(let error):
            promise.fail(error)
        }
    }

    /// Sends `bodies` then a barrier; succeeds with the messages the switch refused (empty: all
    /// taken). The barrier guarantees every error for the batch has arrived by then.
    func sendConfirmed(
        _ bodies: [OFMessage.Body], timeout: Duration, promise: EventLoopPromise<[RejectedMessage]>
    ) {
        guard context != nil else {
            promise.fail(ControllerError.disconnected(closeReason ?? "not connected"))
            return
        }
        let id = machine.beginConfirmation()
        confirmations[id] = promise
        for body in bodies { write(machine.confirmed(body, in: id)) }
        perform(machine.endConfirmation(id, deadline: now() + timeout))
        armDeadlineTimer()
    }

    /// Starts streaming bundle `id`: sends OPEN without waiting for the reply (`commitBundle`
    /// checks it).
    func openBundle(_ id: UInt32, flags: BundleFlags, timeout: Duration) {
        guard context != nil, let open = machine.openBundle(id, flags: flags, timeout: timeout, now: now()) else {
            return
        }
        write(open)
        armDeadlineTimer()
    }

    /// Sends one BUNDLE_ADD per message.
    func addToBundle(_ id: UInt32, _ bodies: [OFMessage.Body]) {
        guard context != nil else { return }
        for body in bodies {
            guard let add = machine.addToBundle(id, body) else { return }  // finished, or the connection closed
            write(add)
        }
    }

    /// CLOSE, then COMMIT if the switch refused no ADD, or DISCARD if it did (see `StreamedBundle`).
    func commitBundle(_ id: UInt32, promise: EventLoopPromise<Void>) {
        bundleEnds[id] = promise
        perform(machine.commitBundle(id, now: now()))
        flushNow()
        armDeadlineTimer()
    }

    /// DISCARD: nothing added to the bundle takes effect.
    func discardBundle(_ id: UInt32, promise: EventLoopPromise<Void>) {
        bundleEnds[id] = promise
        perform(machine.discardBundle(id, now: now()))
        flushNow()
        armDeadlineTimer()
    }

    func close(reason: String) {
        guard let context, closeReason == nil else { return }
        closeReason = reason
        context.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Datapath ids printed as OVS prints them: 16 hex digits.
public enum DatapathID {
    public static func format(_ id: UInt64) -> String {
        let hex = String(id, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}
