import NIOCore
import OpenFlow
import Testing

@testable import Controller

@Suite("Connection state machine: requests, multipart, errors, bundles, timeouts, close")
struct ConnectionStateMachineTests {
    let start = ContinuousClock.now
    let refusal = ErrorMessage.standard(.badRequest(.badType), data: ByteBuffer())

    func machine() -> ConnectionStateMachine { ConnectionStateMachine(xids: XIDCounter()) }

    func sent(_ result: Result<OFMessage, ControllerError>) throws -> OFMessage {
        try result.get()
    }

    func sent(_ action: ConnectionAction) -> OFMessage? {
        if case .send(let message) = action { return message }
        return nil
    }

    func flows(_ count: Int, from first: UInt64) -> [FlowStats] {
        (0..<count).map {
            FlowStats(tableID: 0, priority: 1, cookie: first + UInt64($0), match: Match(), instructions: [])
        }
    }

    @Test("a reply with the request's xid answers it; the same xid again is delivered as an event")
    func reply() throws {
        var machine = machine()
        let request = try sent(machine.request(.barrierRequest, deadline: start + .seconds(1)))
        let answer = OFMessage(xid: request.xid, .barrierReply)
        guard case .reply(let xid, let message) = machine.receive(answer, now: start) else {
            Issue.record("expected the reply")
            return
        }
        #expect(xid == request.xid)
        #expect(message == answer)
        #expect(machine.pendingCount == 0)
        guard case .deliver = machine.receive(answer, now: start) else {
            Issue.record("a second answer belongs to nothing")
            return
        }
    }

    @Test("an OFPT_ERROR with the request's xid fails it with a typed switch error")
    func errorReply() throws {
        var machine = machine()
        let request = try sent(machine.request(.roleRequest(RoleMessage(role: .master)), deadline: start + .seconds(1)))
        let action = machine.receive(OFMessage(xid: request.xid, .error(refusal)), now: start)
        guard case .fail(let xid, .switchError(let error, let type, let errorXID)) = action else {
            Issue.record("expected a switch error, got \(action)")
            return
        }
        #expect(xid == request.xid && errorXID == request.xid)
        #expect(type == .roleRequest)
        #expect(error == refusal)
    }

    @Test("REPLY_MORE parts are joined into one reply without the flag")
    func multipartJoined() throws {
        var machine = machine()
        let request = try sent(
            machine.request(
                .multipartRequest(MultipartRequest(.flow(FlowStatsRequest()))), deadline: start + .seconds(1)))
        for part in 0..<3 {
            let action = machine.receive(
                OFMessage(
                    xid: request.xid,
                    .multipartReply(MultipartReply(flags: .more, .flow(flows(2, from: UInt64(part * 2)))))),
                now: start)
            guard case .none = action else {
                Issue.record("a part with REPLY_MORE completes nothing, got \(action)")
                return
            }
        }
        let last = machine.receive(
            OFMessage(xid: request.xid, .multipartReply(MultipartReply(.flow(flows(1, from: 6))))), now: start)
        guard case .reply(_, let message) = last, case .multipartReply(let joined) = message.body,
            case .flow(let all) = joined.body
        else {
            Issue.record("expected the joined reply, got \(last)")
            return
        }
        #expect(all.map(\.cookie) == Array(0..<7))
        #expect(!joined.flags.contains(.more))
    }

    @Test("a part of another kind fails the request instead of being joined")
    func multipartMismatch() throws {
        var machine = machine()
        let request = try sent(
            machine.request(.multipartRequest(MultipartRequest(.portDesc)), deadline: start + .seconds(1)))
        _ = machine.receive(
            OFMessage(xid: request.xid, .multipartReply(MultipartReply(flags: .more, .portDesc([])))), now: start)
        let action = machine.receive(
            OFMessage(xid: request.xid, .multipartReply(MultipartReply(.flow([])))), now: start)
        guard case .fail(_, .unexpectedReply) = action else {
            Issue.record("expected unexpectedReply, got \(action)")
            return
        }
        #expect(machine.pendingCount == 0)
    }

    @Test("a streamed request hands over every part; the last one ends it")
    func multipartStreamed() throws {
        var machine = machine()
        let request = try sent(
            machine.request(
                .multipartRequest(MultipartRequest(.flow(FlowStatsRequest()))), streamed: true,
                deadline: start + .seconds(1)))
        let first = machine.receive(
            OFMessage(xid: request.xid, .multipartReply(MultipartReply(flags: .more, .flow(flows(2, from: 0))))),
            now: start)
        guard case .part(_, let part, last: false) = first, case .flow(let got) = part.body else {
            Issue.record("expected a part, got \(first)")
            return
        }
        #expect(got.count == 2)
        let second = machine.receive(
            OFMessage(xid: request.xid, .multipartReply(MultipartReply(.flow(flows(1, from: 2))))), now: start)
        guard case .part(_, _, last: true) = second else {
            Issue.record("expected the last part, got \(second)")
            return
        }
        #expect(machine.pendingCount == 0)
    }

    @Test("asynchronous messages are events even when their xid equals a pending request's")
    func asynchronous() throws {
        var machine = machine()
        let request = try sent(machine.request(.barrierRequest, deadline: start + .seconds(1)))
        let status = OFMessage(
            xid: request.xid,
            .portStatus(
                PortStatus(
                    reason: .add, port: PortDescription(portNumber: 1, hardwareAddress: EthernetAddress(1), name: "p1"))
            ))
        guard case .deliver = machine.receive(status, now: start) else {
            Issue.record("PORT_STATUS is an event")
            return
        }
        #expect(machine.pendingCount == 1)
        guard case .send(let echo) = machine.receive(OFMessage(xid: 77, .echoRequest(ByteBuffer())), now: start)
        else {
            Issue.record("an echo request is answered")
            return
        }
        #expect(echo.xid == 77 && echo.type == .echoReply)
        guard case .unmatchedError(_, let xid) = machine.receive(OFMessage(xid: 999, .error(refusal)), now: start)
        else {
            Issue.record("an error for nothing pending is reported as such")
            return
        }
        #expect(xid == 999)
    }

    @Test("a deadline that passed fails its request with a typed timeout; others wait on")
    func timeout() throws {
        var machine = machine()
        let early = try sent(machine.request(.barrierRequest, deadline: start + .seconds(1)))
        let late = try sent(machine.request(.echoRequest(ByteBuffer()), deadline: start + .seconds(5)))
        #expect(machine.earliestDeadline == start + .seconds(1))
        #expect(machine.expire(now: start + .milliseconds(999)).isEmpty)
        let expired = machine.expire(now: start + .seconds(1))
        guard expired.count == 1, case .fail(let xid, .timeout(let type, _)) = expired[0] else {
            Issue.record("expected one timeout, got \(expired)")
            return
        }
        #expect(xid == early.xid && type == .barrierRequest)
        #expect(machine.earliestDeadline == start + .seconds(5))
        guard case .reply = machine.receive(OFMessage(xid: late.xid, .echoReply(ByteBuffer())), now: start) else {
            Issue.record("the later request is still answered")
            return
        }
        guard case .deliver = machine.receive(OFMessage(xid: early.xid, .barrierReply), now: start) else {
            Issue.record("a reply after the timeout belongs to nothing")
            return
        }
    }

    @Test("closing fails every waiter with a typed disconnect, also mid-multipart, and later requests at once")
    func closed() throws {
        var machine = machine()
        let dump = try sent(
            machine.request(
                .multipartRequest(MultipartRequest(.flow(FlowStatsRequest()))), deadline: start + .seconds(9)))
        _ = machine.receive(
            OFMessage(xid: dump.xid, .multipartReply(MultipartReply(flags: .more, .flow(flows(3, from: 0))))),
            now: start)
        let batch = machine.beginConfirmation()
        _ = machine.confirmed(.barrierRequest, in: batch)
        _ = machine.endConfirmation(batch, deadline: start + .seconds(9))
        _ = machine.openBundle(7, flags: [.atomic], timeout: .seconds(9), now: start)
        let actions = machine.closed(reason: "gone")
        #expect(actions.count == 3)
        for action in actions {
            switch action {
            case .fail(let xid, .disconnected("gone")): #expect(xid == dump.xid)
            case .confirmationFinished(let id, .failure(.disconnected("gone"))): #expect(id == batch)
            case .bundleFinished(let id, .failure(.disconnected("gone"))): #expect(id == 7)
            default: Issue.record("unexpected \(action)")
            }
        }
        guard case .failure(.disconnected("gone")) = machine.request(.barrierRequest, deadline: start) else {
            Issue.record("a request after the close fails at once")
            return
        }
        #expect(machine.closed(reason: "again").isEmpty)
    }

    @Test("a confirmed batch reports the refused messages by index once its barrier is answered")
    func confirmation() {
        var machine = machine()
        let batch = machine.beginConfirmation()
        let messages = (0..<4).map { _ in machine.confirmed(.flowMod(FlowMod()), in: batch) }
        guard let barrier = sent(machine.endConfirmation(batch, deadline: start + .seconds(1))) else {
            Issue.record("expected a barrier")
            return
        }
        #expect(barrier.type == .barrierRequest)
        #expect(machine.receive(OFMessage(xid: messages[3].xid, .error(refusal)), now: start).isNone)
        #expect(machine.receive(OFMessage(xid: messages[1].xid, .error(refusal)), now: start).isNone)
        let done = machine.receive(OFMessage(xid: barrier.xid, .barrierReply), now: start)
        guard case .confirmationFinished(let id, .success(let rejected)) = done else {
            Issue.record("expected the batch's end, got \(done)")
            return
        }
        #expect(id == batch)
        #expect(rejected.map(\.index) == [1, 3])
    }

    /// Opens bundle 1 with three ADDs and commits it; returns the machine and the messages sent.
    func streamedBundle() -> (ConnectionStateMachine, open: OFMessage, adds: [OFMessage], close: OFMessage)? {
        var machine = machine()
        guard let open = machine.openBundle(1, flags: [.atomic, .ordered], timeout: .seconds(5), now: start) else {
            return nil
        }
        let adds = (0..<3).compactMap { _ in machine.addToBundle(1, .flowMod(FlowMod())) }
        guard let close = sent(machine.commitBundle(1, now: start)) else { return nil }
        return (machine, open, adds, close)
    }

    func control(_ message: OFMessage) -> BundleControlType? {
        if case .bundleControl(let control) = message.body { return control.type }
        return nil
    }

    @Test("bundle: OPEN, ADDs carrying their inner xid, CLOSE; COMMIT once OPEN and CLOSE are answered")
    func bundleCommitted() throws {
        guard let started = streamedBundle() else {
            Issue.record("bundle did not start")
            return
        }
        var machine = started.0
        let (open, adds, close) = (started.open, started.adds, started.close)
        #expect(control(open) == .openRequest && control(close) == .closeRequest)
        for add in adds {
            guard case .bundleAdd(let inner) = add.body else {
                Issue.record("expected BUNDLE_ADD")
                continue
            }
            #expect(inner.message.xid == add.xid)
            #expect(inner.flags == [.atomic, .ordered])
        }
        let openReply = OFMessage(
            xid: open.xid, .bundleControl(BundleControl(bundleID: 1, type: .openReply, flags: [])))
        #expect(machine.receive(openReply, now: start).isNone)
        let closeReply = OFMessage(
            xid: close.xid, .bundleControl(BundleControl(bundleID: 1, type: .closeReply, flags: [])))
        guard let commit = sent(machine.receive(closeReply, now: start)), control(commit) == .commitRequest else {
            Issue.record("expected COMMIT")
            return
        }
        let commitReply = OFMessage(
            xid: commit.xid, .bundleControl(BundleControl(bundleID: 1, type: .commitReply, flags: [])))
        guard case .bundleFinished(1, .success) = machine.receive(commitReply, now: start) else {
            Issue.record("expected the bundle to succeed")
            return
        }
        #expect(machine.openBundleCount == 0 && machine.pendingCount == 0)
    }

    @Test("bundle: a refused ADD turns COMMIT into DISCARD and is reported with its index")
    func bundleRefusedAdd() throws {
        guard let started = streamedBundle() else {
            Issue.record("bundle did not start")
            return
        }
        var machine = started.0
        let (open, adds, close) = (started.open, started.adds, started.close)
        #expect(machine.receive(OFMessage(xid: adds[2].xid, .error(refusal)), now: start).isNone)
        _ = machine.receive(
            OFMessage(xid: open.xid, .bundleControl(BundleControl(bundleID: 1, type: .openReply))), now: start)
        let next = machine.receive(
            OFMessage(xid: close.xid, .bundleControl(BundleControl(bundleID: 1, type: .closeReply))), now: start)
        guard let discard = sent(next), control(discard) == .discardRequest else {
            Issue.record("expected DISCARD, got \(next)")
            return
        }
        let done = machine.receive(
            OFMessage(xid: discard.xid, .bundleControl(BundleControl(bundleID: 1, type: .discardReply))), now: start)
        guard case .bundleFinished(1, .failure(.bundleFailed(let failure))) = done else {
            Issue.record("expected bundleFailed, got \(done)")
            return
        }
        #expect(failure.failedMessage?.index == 2)
        #expect(failure.failedMessage?.type == .flowMod)
        #expect(failure.controlError == nil)
    }

    @Test("bundle: a refused OPEN is reported at commit without sending CLOSE")
    func bundleRefusedOpen() {
        var machine = machine()
        guard let open = machine.openBundle(4, flags: [], timeout: .seconds(5), now: start) else {
            Issue.record("expected OPEN")
            return
        }
        #expect(machine.receive(OFMessage(xid: open.xid, .error(refusal)), now: start).isNone)
        guard case .bundleFinished(4, .failure(.bundleFailed(let failure))) = machine.commitBundle(4, now: start) else {
            Issue.record("expected the refusal")
            return
        }
        #expect(failure.controlError == refusal)
        #expect(machine.openBundleCount == 0)
    }

    @Test("bundle: a refused COMMIT fails with the control error; a timed-out CLOSE with a timeout")
    func bundleRefusedCommitOrTimedOut() throws {
        guard let started = streamedBundle() else {
            Issue.record("bundle did not start")
            return
        }
        var machine = started.0
        let (open, close) = (started.open, started.close)
        _ = machine.receive(
            OFMessage(xid: open.xid, .bundleControl(BundleControl(bundleID: 1, type: .openReply))), now: start)
        let commit = sent(
            machine.receive(
                OFMessage(xid: close.xid, .bundleControl(BundleControl(bundleID: 1, type: .closeReply))), now: start))
        let xid = try #require(commit?.xid)
        guard
            case .bundleFinished(1, .failure(.bundleFailed(let failure))) = machine.receive(
                OFMessage(xid: xid, .error(refusal)), now: start)
        else {
            Issue.record("expected bundleFailed")
            return
        }
        #expect(failure.controlError == refusal && failure.failedMessage == nil)

        guard var other = streamedBundle()?.0 else { return }
        let expired = other.expire(now: start + .seconds(5))
        guard expired.count == 1, case .bundleFinished(1, .failure(.timeout(.bundleControl, _))) = expired[0] else {
            Issue.record("expected the bundle to time out, got \(expired)")
            return
        }
    }

    @Test("discard: DISCARD, then success; commit or discard of an unknown bundle fails at once")
    func bundleDiscard() {
        var machine = machine()
        _ = machine.openBundle(2, flags: [], timeout: .seconds(5), now: start)
        guard let discard = sent(machine.discardBundle(2, now: start)) else {
            Issue.record("expected DISCARD")
            return
        }
        #expect(machine.addToBundle(2, .flowMod(FlowMod())) == nil)
        let done = machine.receive(
            OFMessage(xid: discard.xid, .bundleControl(BundleControl(bundleID: 2, type: .discardReply))), now: start)
        guard case .bundleFinished(2, .success) = done else {
            Issue.record("expected success, got \(done)")
            return
        }
        guard case .bundleFinished(9, .failure(.disconnected)) = machine.commitBundle(9, now: start),
            case .bundleFinished(9, .failure(.disconnected)) = machine.discardBundle(9, now: start)
        else {
            Issue.record("an unknown bundle fails")
            return
        }
    }
}

extension ConnectionAction {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
