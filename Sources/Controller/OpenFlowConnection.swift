import Logging
import NIOCore
import OpenFlow

/// One OpenFlow connection, confined to its channel's event loop: runs the handshake, answers
/// echoes, probes an idle peer, matches replies to requests by xid (joining multipart parts), and
/// hands asynchronous messages to the controller as events. A message that does not decode is
/// answered with the OFPT_ERROR the spec asks for and closes this connection only.
final class OpenFlowConnection: ChannelInboundHandler, RemovableChannelHandler {
    /// Bytes as read from the socket (or TLS), cut into messages here rather than by a
    /// `ByteToMessageHandler` in front: that one is generic over its decoder and, used from another
    /// module, ran unspecialized (a metadata lookup per message), and every message then crossed
    /// the pipeline on its own. Under packet-in load both showed in the profile (Docs/performance.md).
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

    private struct Pending {
        var promise: EventLoopPromise<OFMessage>
        var requestType: OFMessageType
        var partial: MultipartReply?
        /// For a multipart request whose parts are handed over as they arrive instead of joined
        /// (`Switch.flowParts`); the promise then gets the last part.
        var eachPart: (@Sendable (MultipartReply.Body) -> Void)?
    }

    private let settings: Settings
    private let callbacks: Callbacks
    private var logger: Logger
    private var handshake: Handshake
    private var keepalive: Keepalive?
    private var pending: [UInt32: Pending] = [:]
    /// xids of messages that get no reply unless they fail (`sendConfirmed`): their errors go here.
    private var errorWatchers: [UInt32: (ErrorMessage) -> Void] = [:]
    /// Bundles being streamed, by bundle id: errors for their ADDs are matched by xid range;
    /// COMMIT is only sent if the OPEN reply (`opened`) succeeded.
    private var bundles: [UInt32: (log: BundleLog, opened: EventLoopFuture<OFMessage>)] = [:]
    /// Messages encoded since the last write (and the xids they got), sent together at the next
    /// flush. Packet-in handlers write into it directly.
    private var outbound = SwitchWriter(buffer: ByteBuffer(), xids: XIDCounter())
    /// An empty buffer that stands in for `outbound`'s while a packet-in handler holds it.
    private let spare = ByteBuffer()
    /// Called in order for each PACKET_IN once the handshake is complete, before any decoding.
    private var packetInHandlers: [any PacketInHandler] = []
    /// A batch is handed to the channel once it is this big, so a large bundle starts leaving
    /// before the whole of it is encoded.
    private static let writeChunk = 64 * 1024
    private var context: ChannelHandlerContext?
    private var handle: Switch?
    private var timer: Scheduled<Void>?
    private var handshakeDeadline: Scheduled<Void>?
    private var flushPending = false
    private var frames: OFFrameDecoder
    /// The start of a message whose end has not been read yet.
    private var partial: ByteBuffer?
    private var closeReason: String?

    init(settings: Settings, callbacks: Callbacks, logger: Logger) {
        self.settings = settings
        self.callbacks = callbacks
        self.logger = logger
        self.handshake = Handshake(xids: XIDSource(start: 0x4000_0000), missSendLength: settings.missSendLength)
        self.frames = OFFrameDecoder(maximumMessageLength: settings.maximumMessageLength)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
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
        timer?.cancel()
        handshakeDeadline?.cancel()
        for (_, request) in pending { request.promise.fail(ControllerError.disconnected(reason)) }
        pending.removeAll()
        errorWatchers.removeAll()
        bundles.removeAll()
        packetInHandlers.removeAll()
        partial = nil
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
        var bytes = unwrapInboundIn(data)
        if var held = partial {
            partial = nil
            held.writeBuffer(&bytes)
            bytes = held
        }
        while self.context != nil, closeReason == nil {
            let frame: ByteBuffer
            do {
                guard let next = try frames.decode(buffer: &bytes) else { break }
                frame = next
            } catch {
                framingFailed(error)
                return
            }
            MessageCounter.countReceived(frame)
            handleFrame(frame, context: context)
        }
        if bytes.readableBytes > 0 { partial = Self.hold(bytes, allocator: context.channel.allocator) }
    }

    /// The start of a message copied into a buffer of its own, with room for the rest of it. Kept
    /// as a slice of the read, it would share storage with the messages already cut from that
    /// read (a dump's replies keep theirs alive), so appending the next read would copy the
    /// whole of it every time: a quarter of a 31,000-flow dump's CPU went there.
    private static func hold(_ bytes: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        let declared =
            bytes.readableBytes >= 4 ? Int(bytes.getInteger(at: bytes.readerIndex + 2, as: UInt16.self) ?? 0) : 0
        var held = allocator.buffer(capacity: max(declared, bytes.readableBytes) + 64 * 1024)
        held.writeImmutableBuffer(bytes)
        return held
    }

    /// After this the byte boundaries of later messages are unknown: answer and close.
    private func framingFailed(_ error: any Error) {
        guard let framing = error as? OFFramingError else {
            close(reason: "\(error)")
            return
        }
        emitAndFlush(OFMessage(xid: framing.header.xid, .error(.standard(framing.code, data: ByteBuffer()))))
        close(reason: "malformed stream: \(framing.reason)")
    }

    private func handleFrame(_ frame: ByteBuffer, context: ChannelHandlerContext) {
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
            dispatch(message, context: context)
        }
    }

    /// The end of a batch of reads: one clock read for the keepalive, and everything the batch
    /// produced leaves in one write and one flush.
    func channelReadComplete(context: ChannelHandlerContext) {
        keepalive?.heardFromPeer(now: .now)
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

    private func startKeepalive(context: ChannelHandlerContext) {
        keepalive = Keepalive(interval: settings.echoInterval, timeout: settings.echoTimeout, now: .now)
        scheduleTick(context: context)
    }

    /// Ticks a few times per interval, so a dead peer is noticed within interval + timeout.
    private func scheduleTick(context: ChannelHandlerContext) {
        let step = TimeAmount(min(settings.echoInterval, settings.echoTimeout) / 4)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: step) { [weak self] in
            guard let self, let context = self.context else { return }
            self.tick()
            if self.closeReason == nil { self.scheduleTick(context: context) }
        }
    }

    private func tick() {
        guard var keepalive, context != nil else { return }
        let action = keepalive.tick(now: .now)
        self.keepalive = keepalive
        switch action {
        case .none: break
        case .sendProbe:
            emitAndFlush(OFMessage(xid: outbound.xids.next(), .echoRequest(ByteBuffer())))
        case .peerDead:
            logger.warning("switch stopped answering echo requests")
            close(reason: "no reply to echo request within \(settings.echoTimeout)")
        }
    }

    // MARK: Running

    private func dispatch(_ message: OFMessage, context: ChannelHandlerContext) {
        switch message.body {
        case .echoRequest(let payload):
            emitAndFlush(OFMessage(xid: message.xid, .echoReply(payload)))
            return
        case .error(let error):
            if let request = pending.removeValue(forKey: message.xid) {
                request.promise.fail(
                    ControllerError.switchError(error, request: request.requestType, xid: message.xid))
            } else if let watcher = errorWatchers.removeValue(forKey: message.xid) {
                watcher(error)
            } else if bundles.values.contains(where: { $0.log.take(error, xid: message.xid) }) {
                return
            } else if let handle {
                logger.notice(
                    "switch error", metadata: ["xid": "\(message.xid)", "error": "\(ErrorDescription.text(error))"])
                callbacks.event(.error(handle, error, xid: message.xid))
            }
            return
        case .multipartReply(let reply):
            // Taken out of `pending` while it grows, so the partial reply is uniquely owned.
            guard var request = pending.removeValue(forKey: message.xid) else { break }
            if let eachPart = request.eachPart {
                eachPart(reply.body)
                if reply.flags.contains(.more) {
                    pending[message.xid] = request
                } else {
                    request.promise.succeed(message)
                }
                return
            }
            if var partial = request.partial {
                request.partial = nil
                guard partial.body.append(reply.body) else {
                    request.promise.fail(
                        ControllerError.unexpectedReply(expected: "\(partial.body.type)", got: .multipartReply))
                    return
                }
                partial.flags = reply.flags
                request.partial = partial
            } else {
                request.partial = reply
            }
            if reply.flags.contains(.more) {
                pending[message.xid] = request
            } else {
                pending[message.xid] = nil
                var final = request.partial ?? reply
                final.flags.remove(.more)
                request.promise.succeed(OFMessage(xid: message.xid, .multipartReply(final)))
            }
            return
        case .packetIn, .flowRemoved, .portStatus, .roleStatus, .tableStatus, .requestForward:
            // Asynchronous: the switch picks their xids (OVS numbers packet-ins itself), so one
            // can equal a pending request's without being its answer.
            break
        default:
            if let request = pending.removeValue(forKey: message.xid) {
                request.promise.succeed(message)
                return
            }
        }
        guard let handle else { return }
        switch message.body {
        case .packetIn(let packetIn): callbacks.event(.packetIn(handle, packetIn))
        case .flowRemoved(let removed): callbacks.event(.flowRemoved(handle, removed))
        case .portStatus(let status): callbacks.event(.portStatus(handle, status))
        case .echoReply: break
        default: callbacks.event(.message(handle, message))
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

    func request(
        _ body: OFMessage.Body, timeout: Duration, promise: EventLoopPromise<OFMessage>,
        eachPart: (@Sendable (MultipartReply.Body) -> Void)? = nil
    ) {
        guard let context else {
            promise.fail(ControllerError.disconnected(closeReason ?? "not connected"))
            return
        }
        let xid = outbound.xids.next()
        pending[xid] = Pending(promise: promise, requestType: body.type, partial: nil, eachPart: eachPart)
        write(OFMessage(xid: xid, body))
        let type = body.type
        let deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [weak self] in
            guard let self, let request = self.pending.removeValue(forKey: xid) else { return }
            request.promise.fail(ControllerError.timeout(type, xid: xid))
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
    }

    /// Sends a message that gets no reply unless it fails, and reports that failure to `onError`.
    func sendWatching(_ body: OFMessage.Body, onError: @escaping (ErrorMessage) -> Void) -> UInt32 {
        let xid = outbound.xids.next()
        errorWatchers[xid] = onError
        write(OFMessage(xid: xid, body))
        return xid
    }

    /// Sends `bodies` then a barrier; succeeds with the messages the switch refused (empty: all
    /// taken). The barrier guarantees every error for the batch has arrived by then.
    func sendConfirmed(
        _ bodies: [OFMessage.Body], timeout: Duration, promise: EventLoopPromise<[RejectedMessage]>
    ) {
        let collected = RejectionLog()
        var xids: [UInt32] = []
        xids.reserveCapacity(bodies.count)
        for (index, body) in bodies.enumerated() {
            let type = body.type
            xids.append(
                sendWatching(body) { error in
                    collected.entries.append(RejectedMessage(index: index, type: type, error: error))
                })
        }
        let barrier = promise.futureResult.eventLoop.makePromise(of: OFMessage.self)
        request(.barrierRequest, timeout: timeout, promise: barrier)
        barrier.futureResult.assumeIsolated().whenComplete { [weak self] result in
            self?.stopWatching(xids)
            switch result {
            case .success: promise.succeed(collected.entries.sorted { $0.index < $1.index })
            case .failure(let error): promise.fail(error)
            }
        }
    }

    /// Starts streaming bundle `id`: sends OPEN and remembers the bundle, without waiting for
    /// the reply (`commitBundle` checks it).
    func openBundle(_ id: UInt32, flags: BundleFlags, timeout: Duration, opened: EventLoopPromise<OFMessage>) {
        request(
            .bundleControl(BundleControl(bundleID: id, type: .openRequest, flags: flags)), timeout: timeout,
            promise: opened)
        bundles[id] = (BundleLog(flags: flags), opened.futureResult)
    }

    /// Sends one BUNDLE_ADD per message. Each inner message carries the same xid as its ADD, so
    /// an error naming either maps back to its position in the bundle.
    func addToBundle(_ id: UInt32, _ bodies: [OFMessage.Body]) {
        guard let log = bundles[id]?.log else { return }  // finished, or the connection closed
        for body in bodies {
            let xid = outbound.xids.next()
            log.record(xid: xid, type: body.type)
            let inner = OFMessage(xid: xid, body)
            write(OFMessage(xid: xid, .bundleAdd(BundleAdd(bundleID: id, flags: log.flags, message: inner))))
        }
    }

    /// CLOSE, then COMMIT if the switch refused no ADD, or DISCARD if it did (OVS drops a refused
    /// ADD and would otherwise commit the rest). Replies come in order, so once CLOSE is answered
    /// every ADD's error has arrived: that one round trip is the only wait.
    func commitBundle(_ id: UInt32, timeout: Duration, promise: EventLoopPromise<Void>) {
        guard let (log, opened) = bundles[id] else {
            promise.fail(ControllerError.disconnected(closeReason ?? "bundle \(id) is not open"))
            return
        }
        let loop = promise.futureResult.eventLoop
        let control = bundleControl(id, flags: log.flags, timeout: timeout, loop: loop)
        let closed = control(.closeRequest)
        flushNow()
        let finished = opened.and(closed).assumeIsolated().flatMap { [weak self] _ -> EventLoopFuture<OFMessage> in
            guard let self else { return loop.makeFailedFuture(ControllerError.disconnected("connection gone")) }
            let future = control(log.rejected.isEmpty ? .commitRequest : .discardRequest)
            self.flushNow()
            return future
        }.nonisolated()
        finished.assumeIsolated().whenComplete { [weak self] result in
            self?.bundles[id] = nil
            let failed = log.firstRejected
            switch result {
            case .success where failed == nil:
                promise.succeed(())
            case .success:
                promise.fail(ControllerError.bundleFailed(BundleFailure(failedMessage: failed, controlError: nil)))
            case .failure(ControllerError.switchError(let error, _, _)):
                promise.fail(ControllerError.bundleFailed(BundleFailure(failedMessage: failed, controlError: error)))
            case .failure(let error):
                promise.fail(error)
            }
        }
    }

    /// DISCARD: nothing added to the bundle takes effect.
    func discardBundle(_ id: UInt32, timeout: Duration, promise: EventLoopPromise<Void>) {
        guard let log = bundles.removeValue(forKey: id)?.log else {
            promise.fail(ControllerError.disconnected(closeReason ?? "bundle \(id) is not open"))
            return
        }
        let control = bundleControl(id, flags: log.flags, timeout: timeout, loop: promise.futureResult.eventLoop)
        let discarded = control(.discardRequest)
        flushNow()
        discarded.whenComplete { result in
            switch result {
            case .success: promise.succeed(())
            case .failure(let error): promise.fail(error)
            }
        }
    }

    private func bundleControl(
        _ id: UInt32, flags: BundleFlags, timeout: Duration, loop: any EventLoop
    ) -> (BundleControlType) -> EventLoopFuture<OFMessage> {
        { [weak self] type in
            let reply = loop.makePromise(of: OFMessage.self)
            guard let self else {
                reply.fail(ControllerError.disconnected("connection gone"))
                return reply.futureResult
            }
            self.request(
                .bundleControl(BundleControl(bundleID: id, type: type, flags: flags)), timeout: timeout, promise: reply)
            return reply.futureResult
        }
    }

    func stopWatching(_ xids: [UInt32]) {
        for xid in xids { errorWatchers[xid] = nil }
    }

    func close(reason: String) {
        guard let context, closeReason == nil else { return }
        closeReason = reason
        context.close(promise: nil)
    }
}

/// Errors gathered for one batch; lives on the event loop only.
private final class RejectionLog {
    var entries: [RejectedMessage] = []
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
