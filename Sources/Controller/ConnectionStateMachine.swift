import OpenFlow

/// An OpenFlow connection's bookkeeping after the handshake, as a value: requests waiting for
/// their reply (joining or streaming multipart parts), barrier-confirmed batches, bundles being
/// streamed, and which of them an OFPT_ERROR, a timeout or the end of the connection concerns.
///
/// It performs no I/O and holds no promises: `OpenFlowConnection` feeds it what was sent, what
/// arrived, the time when a deadline passed and the close, and carries out the `ConnectionAction`s
/// it returns. Messages to send come back as `OFMessage` values with the xid assigned here; the
/// hot paths (a BUNDLE_ADD per flow, a multipart part per few hundred flows) return one value each
/// and allocate nothing beyond the message itself.
struct ConnectionStateMachine {
    /// The connection's xid sequence, shared with the `SwitchWriter` a packet-in handler gets.
    let xids: XIDCounter
    private var pending: [UInt32: PendingRequest] = [:]
    /// Barrier-confirmed batches by id: the refusals gathered until their barrier is answered.
    private var confirmations: [UInt64: BatchLog] = [:]
    private var lastConfirmationID: UInt64 = 0
    private var bundles: [UInt32: StreamedBundle] = [:]
    /// No deadline passes before this; an entry that completed early leaves it early, which only
    /// costs one `expire` that finds nothing.
    private(set) var earliestDeadline: ContinuousClock.Instant?
    /// Why the connection closed, once it has: every later request fails with it.
    private(set) var closedReason: String?

    init(xids: XIDCounter) {
        self.xids = xids
    }

    var pendingCount: Int { pending.count }
    var openBundleCount: Int { bundles.count }

    // MARK: Sending

    /// A request whose reply the caller waits for, or why it cannot be sent. With `streamed`, the
    /// parts of a multipart reply come as `.part` actions instead of one joined `.reply`.
    mutating func request(
        _ body: OFMessage.Body, streamed: Bool = false, deadline: ContinuousClock.Instant
    ) -> Result<OFMessage, ControllerError> {
        if let closedReason { return .failure(.disconnected(closedReason)) }
        return .success(register(body, deadline: deadline, purpose: streamed ? .streamed : .reply(partial: nil)))
    }

    /// Starts a barrier-confirmed batch: send its messages through `confirmed(_:in:)`, then
    /// `endConfirmation`.
    mutating func beginConfirmation() -> UInt64 {
        lastConfirmationID &+= 1
        confirmations[lastConfirmationID] = BatchLog()
        return lastConfirmationID
    }

    /// One message of confirmed batch `id`; a refusal of it is kept with its index in the batch.
    mutating func confirmed(_ body: OFMessage.Body, in id: UInt64) -> OFMessage {
        let xid = xids.next()
        confirmations[id]?.record(xid: xid, type: body.type)
        return OFMessage(xid: xid, body)
    }

    /// The barrier that ends confirmed batch `id`, or why the batch cannot be confirmed.
    mutating func endConfirmation(_ id: UInt64, deadline: ContinuousClock.Instant) -> ConnectionAction {
        if let closedReason {
            confirmations[id] = nil
            return .confirmationFinished(id: id, .failure(.disconnected(closedReason)))
        }
        return .send(register(.barrierRequest, deadline: deadline, purpose: .confirmation(id)))
    }

    /// Opens bundle `id`: the OPEN to send. Its reply is not waited for here (`commitBundle`
    /// checks it); nil once the connection is closed.
    mutating func openBundle(
        _ id: UInt32, flags: BundleFlags, timeout: Duration, now: ContinuousClock.Instant
    ) -> OFMessage? {
        guard closedReason == nil else { return nil }
        bundles[id] = StreamedBundle(flags: flags, timeout: timeout)
        return register(
            .bundleControl(BundleControl(bundleID: id, type: .openRequest, flags: flags)), deadline: now + timeout,
            purpose: .bundle(id, .openRequest))
    }

    /// The BUNDLE_ADD that carries `body` into bundle `id`, or nil if that bundle is over (finished,
    /// or the connection closed). The inner message carries the same xid as its ADD, so an error
    /// naming either maps back to its position in the bundle.
    mutating func addToBundle(_ id: UInt32, _ body: OFMessage.Body) -> OFMessage? {
        guard let flags = bundles[id]?.flags else { return nil }
        let xid = xids.next()
        bundles[id]?.log.record(xid: xid, type: body.type)
        return OFMessage(
            xid: xid, .bundleAdd(BundleAdd(bundleID: id, flags: flags, message: OFMessage(xid: xid, body))))
    }

    /// Ends the ADDs of bundle `id`: the CLOSE to send, after which the bundle commits or discards
    /// itself as its replies arrive; or `.bundleFinished` if it cannot.
    mutating func commitBundle(_ id: UInt32, now: ContinuousClock.Instant) -> ConnectionAction {
        guard var bundle = bundles[id], bundle.phase == .adding else {
            return .bundleFinished(id: id, .failure(.disconnected(closedReason ?? "bundle \(id) is not open")))
        }
        if let refusal = bundle.openRefusal {
            bundles[id] = nil
            return .bundleFinished(id: id, bundle.refused(refusal))
        }
        bundle.phase = .closing(closeAnswered: false)
        bundles[id] = bundle
        return .send(control(id, .closeRequest, of: bundle, now: now))
    }

    /// Drops bundle `id`: the DISCARD to send (nothing added takes effect), or `.bundleFinished` if
    /// the bundle is not open.
    mutating func discardBundle(_ id: UInt32, now: ContinuousClock.Instant) -> ConnectionAction {
        guard let bundle = bundles.removeValue(forKey: id) else {
            return .bundleFinished(id: id, .failure(.disconnected(closedReason ?? "bundle \(id) is not open")))
        }
        return .send(control(id, .discardRequest, of: bundle, now: now))
    }

    // MARK: Receiving

    /// A message from the switch, after the handshake.
    mutating func receive(_ message: OFMessage, now: ContinuousClock.Instant) -> ConnectionAction {
        switch message.body {
        case .echoRequest(let payload):
            return .send(OFMessage(xid: message.xid, .echoReply(payload)))
        case .error(let error):
            return refused(error, xid: message.xid)
        case .multipartReply(let reply):
            return multipartPart(reply, message: message, now: now)
        case .packetIn, .flowRemoved, .portStatus, .roleStatus, .tableStatus, .requestForward:
            // Asynchronous: the switch picks their xids (OVS numbers packet-ins itself), so one
            // can equal a pending request's without being its answer.
            return .deliver(message)
        default:
            guard let request = pending.removeValue(forKey: message.xid) else {
                // Keepalive probes are not requests: their answers need nothing more.
                if case .echoReply = message.body { return .none }
                return .deliver(message)
            }
            return answered(request, by: message, now: now)
        }
    }

    /// A part of a multipart reply: joined into what came before, or handed over as it is.
    private mutating func multipartPart(
        _ reply: MultipartReply, message: OFMessage, now: ContinuousClock.Instant
    ) -> ConnectionAction {
        // Taken out of `pending` while it grows, so the partial reply is uniquely owned.
        guard var request = pending.removeValue(forKey: message.xid) else { return .deliver(message) }
        let more = reply.flags.contains(.more)
        switch request.purpose {
        case .streamed:
            if more { pending[message.xid] = request }
            return .part(xid: message.xid, reply, last: !more)
        case .reply:
            var joined: MultipartReply
            if var partial = request.takePartial() {
                guard partial.body.append(reply.body) else {
                    return .fail(
                        xid: message.xid,
                        .unexpectedReply(expected: "more \(partial.body.type) parts", got: .multipartReply))
                }
                partial.flags = reply.flags
                joined = partial
            } else {
                joined = reply
            }
            if more {
                request.purpose = .reply(partial: joined)
                pending[message.xid] = request
                return .none
            }
            joined.flags.remove(.more)
            return .reply(xid: message.xid, OFMessage(xid: message.xid, .multipartReply(joined)))
        case .confirmation, .bundle:
            // Not what a barrier or bundle control is answered with; taken as their answer anyway,
            // as any other reply with their xid would be.
            return answered(request, by: message, now: now)
        }
    }

    /// A reply (not an error) to `request`.
    private mutating func answered(
        _ request: PendingRequest, by message: OFMessage, now: ContinuousClock.Instant
    ) -> ConnectionAction {
        switch request.purpose {
        case .reply, .streamed:
            return .reply(xid: message.xid, message)
        case .confirmation(let id):
            guard let log = confirmations.removeValue(forKey: id) else { return .none }
            return .confirmationFinished(id: id, .success(log.rejectedInOrder))
        case .bundle(let id, let type):
            return bundleAnswered(id, type, now: now)
        }
    }

    private mutating func bundleAnswered(
        _ id: UInt32, _ type: BundleControlType, now: ContinuousClock.Instant
    ) -> ConnectionAction {
        if type == .discardRequest, bundles[id] == nil {
            return .bundleFinished(id: id, .success(()))  // `discardBundle`: nothing else to wait for
        }
        guard var bundle = bundles[id] else { return .none }  // already failed or timed out
        switch (type, bundle.phase) {
        case (.openRequest, .closing(closeAnswered: true)):
            bundle.openAnswered = true
            return afterClose(id, bundle, now: now)
        case (.openRequest, _):
            bundle.openAnswered = true
            bundles[id] = bundle
            return .none
        case (.closeRequest, _):
            guard bundle.openAnswered else {
                bundle.phase = .closing(closeAnswered: true)
                bundles[id] = bundle
                return .none
            }
            return afterClose(id, bundle, now: now)
        default:
            bundles[id] = nil
            return .bundleFinished(id: id, bundle.outcome)
        }
    }

    /// OPEN and CLOSE are answered, so every ADD's refusal is in: COMMIT if there was none.
    private mutating func afterClose(
        _ id: UInt32, _ bundle: StreamedBundle, now: ContinuousClock.Instant
    ) -> ConnectionAction {
        var bundle = bundle
        bundle.phase = .finishing
        bundles[id] = bundle
        let type: BundleControlType = bundle.log.rejected.isEmpty ? .commitRequest : .discardRequest
        return .send(control(id, type, of: bundle, now: now))
    }

    /// An OFPT_ERROR: for a pending request, a message of a confirmed batch or bundle, or nothing
    /// pending.
    private mutating func refused(_ error: ErrorMessage, xid: UInt32) -> ConnectionAction {
        if let request = pending.removeValue(forKey: xid) {
            switch request.purpose {
            case .reply, .streamed:
                return .fail(xid: xid, .switchError(error, request: request.type, xid: xid))
            case .confirmation(let id):
                confirmations[id] = nil
                return .confirmationFinished(id: id, .failure(.switchError(error, request: request.type, xid: xid)))
            case .bundle(let id, let type):
                if type == .discardRequest, bundles[id] == nil {
                    return .bundleFinished(id: id, .failure(.switchError(error, request: request.type, xid: xid)))
                }
                guard let bundle = bundles[id] else { return .none }
                if type == .openRequest, bundle.phase == .adding {
                    // Kept until `commitBundle`, which then reports it without sending CLOSE.
                    bundles[id]?.openRefusal = error
                    return .none
                }
                bundles[id] = nil
                return .bundleFinished(id: id, bundle.refused(error))
            }
        }
        // Found first, then changed in place: changing a dictionary while iterating it would copy it.
        if let id = confirmations.first(where: { $0.value.index(of: xid) != nil })?.key {
            _ = confirmations[id]?.take(error, xid: xid)
            return .none
        }
        if let id = bundles.first(where: { $0.value.log.index(of: xid) != nil })?.key {
            _ = bundles[id]?.log.take(error, xid: xid)
            return .none
        }
        return .unmatchedError(error, xid: xid)
    }

    // MARK: Time and the end

    /// Fails every request whose deadline is not after `now`.
    mutating func expire(now: ContinuousClock.Instant) -> [ConnectionAction] {
        guard let earliest = earliestDeadline, earliest <= now else { return [] }
        var actions: [ConnectionAction] = []
        var next: ContinuousClock.Instant?
        for (xid, request) in pending {
            guard request.deadline <= now else {
                next = min(next ?? request.deadline, request.deadline)
                continue
            }
            pending[xid] = nil
            let timeout = ControllerError.timeout(request.type, xid: xid)
            switch request.purpose {
            case .reply, .streamed:
                actions.append(.fail(xid: xid, timeout))
            case .confirmation(let id):
                confirmations[id] = nil
                actions.append(.confirmationFinished(id: id, .failure(timeout)))
            case .bundle(let id, let type):
                // Once per bundle: its OPEN and CLOSE may pass their deadlines together. A DISCARD
                // from `discardBundle` is all that is left of its bundle.
                if bundles.removeValue(forKey: id) != nil || type == .discardRequest {
                    actions.append(.bundleFinished(id: id, .failure(timeout)))
                }
            }
        }
        earliestDeadline = next
        return actions
    }

    /// The connection closed: everything still waiting fails with `reason`.
    mutating func closed(reason: String) -> [ConnectionAction] {
        guard closedReason == nil else { return [] }
        closedReason = reason
        let error = ControllerError.disconnected(reason)
        var actions: [ConnectionAction] = []
        var finishedBundles = Set<UInt32>()
        for (xid, request) in pending.sorted(by: { $0.key < $1.key }) {
            switch request.purpose {
            case .reply, .streamed: actions.append(.fail(xid: xid, error))
            case .confirmation: break
            case .bundle(let id, _):
                if finishedBundles.insert(id).inserted { actions.append(.bundleFinished(id: id, .failure(error))) }
            }
        }
        for id in confirmations.keys.sorted() { actions.append(.confirmationFinished(id: id, .failure(error))) }
        for id in bundles.keys.sorted() where finishedBundles.insert(id).inserted {
            actions.append(.bundleFinished(id: id, .failure(error)))
        }
        pending.removeAll()
        confirmations.removeAll()
        bundles.removeAll()
        earliestDeadline = nil
        return actions
    }

    // MARK: Bookkeeping

    private mutating func register(
        _ body: OFMessage.Body, deadline: ContinuousClock.Instant, purpose: PendingRequest.Purpose
    ) -> OFMessage {
        let xid = xids.next()
        pending[xid] = PendingRequest(type: body.type, deadline: deadline, purpose: purpose)
        if earliestDeadline.map({ deadline < $0 }) ?? true { earliestDeadline = deadline }
        return OFMessage(xid: xid, body)
    }

    private mutating func control(
        _ id: UInt32, _ type: BundleControlType, of bundle: StreamedBundle, now: ContinuousClock.Instant
    ) -> OFMessage {
        register(
            .bundleControl(BundleControl(bundleID: id, type: type, flags: bundle.flags)),
            deadline: now + bundle.timeout, purpose: .bundle(id, type))
    }
}
