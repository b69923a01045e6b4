import NIOCore
import NIOEmbedded
import OpenFlow
import Testing

@testable import Controller

@Suite("OpenFlowConnection in an EmbeddedChannel: framing, batching, requests, bundles, close")
struct OpenFlowConnectionTests {
    let refusal = ErrorMessage.standard(.badRequest(.badType), data: ByteBuffer())

    /// What a switch sends unprompted once connected: the stream the framing tests cut.
    static func asynchronousStream() -> ByteBuffer {
        let messages: [OFMessage] = [
            OFMessage(xid: 100, .echoRequest(ByteBuffer(bytes: [1, 2, 3]))),
            OFMessage(
                xid: 101,
                .portStatus(
                    PortStatus(
                        reason: .add,
                        port: PortDescription(portNumber: 3, hardwareAddress: EthernetAddress(7), name: "p3")))
            ),
            OFMessage(
                xid: 102,
                .packetIn(
                    PacketIn(
                        totalLength: 4, reason: .tableMiss, tableID: 0, match: Match(),
                        data: ByteBuffer(bytes: [9, 9, 9, 9])))
            ),
            OFMessage(xid: 103, .error(.standard(.badRequest(.badType), data: ByteBuffer()))),
        ]
        var bytes = ByteBuffer()
        for message in messages { message.write(into: &bytes) }
        return bytes
    }

    func kinds(_ events: [SwitchEvent]) -> [String] {
        events.map { event in
            switch event {
            case .portStatus: "portStatus"
            case .packetIn: "packetIn"
            case .error(_, _, let xid): "error \(xid)"
            default: "other"
            }
        }
    }

    @Test("framing: the stream split into two reads at every position gives the same messages")
    func splitAtEveryPosition() throws {
        let stream = Self.asynchronousStream()
        for cut in 0...stream.readableBytes {
            let switchSide = try EmbeddedConnection()
            try switchSide.handshake()
            try switchSide.receive(bytes: stream.getSlice(at: stream.readerIndex, length: cut) ?? ByteBuffer())
            try switchSide.receive(
                bytes: stream.getSlice(at: stream.readerIndex + cut, length: stream.readableBytes - cut) ?? ByteBuffer()
            )
            #expect(kinds(switchSide.events) == ["portStatus", "packetIn", "error 103"], "cut at \(cut)")
            let replies = try switchSide.sentMessages()
            #expect(replies.map(\.type) == [.echoReply], "cut at \(cut)")
            #expect(replies.first?.xid == 100)
        }
    }

    @Test("framing: one byte per read")
    func oneByteAtATime() throws {
        let stream = Self.asynchronousStream()
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        for offset in 0..<stream.readableBytes {
            try switchSide.receive(bytes: stream.getSlice(at: offset, length: 1) ?? ByteBuffer())
        }
        #expect(kinds(switchSide.events) == ["portStatus", "packetIn", "error 103"])
        #expect(try switchSide.sentMessages().map(\.type) == [.echoReply])
    }

    @Test("framing: a length below the header is answered with OFPT_ERROR and closes the connection")
    func malformedStream() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        try switchSide.receive(bytes: ByteBuffer(bytes: [5, 2, 0, 4, 0, 0, 0, 42]))
        let sent = try switchSide.sentMessages()
        guard case .error(.standard(let code, _)) = sent.first?.body else {
            Issue.record("expected an OFPT_ERROR, got \(sent)")
            return
        }
        #expect(code == .badRequest(.badLen))
        #expect(sent.first?.xid == 42)
        #expect(!switchSide.channel.isActive)
        #expect(switchSide.record.closedReason.withLock { $0 }?.contains("malformed stream") == true)
    }

    @Test("batching: several replies in one read complete every request; the answers leave in one write")
    func batching() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        let outcomes = try (0..<5).map { _ in
            let (promise, outcome) = switchSide.promise(of: OFMessage.self)
            switchSide.connection.request(.barrierRequest, timeout: .seconds(5), promise: promise)
            return outcome
        }
        let (requests, writes) = try switchSide.sent()
        #expect(requests.count == 5 && writes == 1, "requests of one tick leave together")
        var bytes = ByteBuffer()
        for request in requests { OFMessage(xid: request.xid, .barrierReply).write(into: &bytes) }
        for xid in UInt32(1)...3 { OFMessage(xid: xid, .echoRequest(ByteBuffer())).write(into: &bytes) }
        try switchSide.receive(bytes: bytes)
        #expect(outcomes.allSatisfy { $0.value?.type == .barrierReply })
        let (echoes, echoWrites) = try switchSide.sent()
        #expect(echoes.map(\.xid) == [1, 2, 3])
        #expect(echoWrites == 1)
    }

    @Test("a request answered, and one answered by OFPT_ERROR with a typed switch error")
    func requestAndError() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        let (first, answered) = switchSide.promise(of: OFMessage.self)
        switchSide.connection.request(.roleRequest(RoleMessage(role: .master)), timeout: .seconds(5), promise: first)
        let (second, refused) = switchSide.promise(of: OFMessage.self)
        switchSide.connection.request(.roleRequest(RoleMessage(role: .slave)), timeout: .seconds(5), promise: second)
        let sent = try switchSide.sentMessages()
        try #require(sent.count == 2)
        try switchSide.receive(
            OFMessage(xid: sent[0].xid, .roleReply(RoleMessage(role: .master))),
            OFMessage(xid: sent[1].xid, .error(refusal)))
        #expect(answered.value?.body == .roleReply(RoleMessage(role: .master)))
        guard case .switchError(let error, .roleRequest, let xid) = refused.error else {
            Issue.record("expected a switch error, got \(String(describing: refused.error))")
            return
        }
        #expect(error == refusal && xid == sent[1].xid)
        #expect(switchSide.events.isEmpty, "an answered error is no event")
    }

    func flowPart(_ xid: UInt32, cookies: Range<UInt64>, more: Bool) -> OFMessage {
        let flows = cookies.map {
            FlowStats(tableID: 0, priority: 1, cookie: $0, match: Match(), instructions: [])
        }
        return OFMessage(xid: xid, .multipartReply(MultipartReply(flags: more ? .more : [], .flow(flows))))
    }

    @Test("a multipart reply in REPLY_MORE parts is joined into one")
    func multipartJoined() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        let (promise, outcome) = switchSide.promise(of: OFMessage.self)
        switchSide.connection.request(
            .multipartRequest(MultipartRequest(.flow(FlowStatsRequest()))), timeout: .seconds(5), promise: promise)
        let xid = try #require(try switchSide.sentMessages().first?.xid)
        try switchSide.receive(flowPart(xid, cookies: 0..<3, more: true), flowPart(xid, cookies: 3..<5, more: true))
        #expect(outcome.isPending)
        try switchSide.receive(flowPart(xid, cookies: 5..<6, more: false))
        guard case .multipartReply(let reply) = outcome.value?.body, case .flow(let flows) = reply.body else {
            Issue.record("expected the joined reply")
            return
        }
        #expect(flows.map(\.cookie) == Array(0..<6))
    }

    @Test("the connection closing in the middle of a multipart reply fails the request as disconnected")
    func disconnectMidMultipart() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        let (promise, outcome) = switchSide.promise(of: OFMessage.self)
        switchSide.connection.request(
            .multipartRequest(MultipartRequest(.flow(FlowStatsRequest()))), timeout: .seconds(5), promise: promise)
        let xid = try #require(try switchSide.sentMessages().first?.xid)
        try switchSide.receive(flowPart(xid, cookies: 0..<3, more: true))
        try switchSide.channel.close().wait()
        guard case .disconnected = outcome.error else {
            Issue.record("expected disconnected, got \(String(describing: outcome.result.withLock { $0 }))")
            return
        }
        let (late, lateOutcome) = switchSide.promise(of: OFMessage.self)
        switchSide.connection.request(.barrierRequest, timeout: .seconds(5), promise: late)
        guard case .disconnected = lateOutcome.error else {
            Issue.record("a request after the close fails at once")
            return
        }
    }

    @Test("no reply within the timeout fails the request with a typed timeout")
    func timeout() throws {
        let switchSide = try EmbeddedConnection(echoInterval: .seconds(60))
        try switchSide.handshake()
        let (promise, outcome) = switchSide.promise(of: OFMessage.self)
        switchSide.connection.request(.barrierRequest, timeout: .seconds(2), promise: promise)
        let xid = try #require(try switchSide.sentMessages().first?.xid)
        switchSide.channel.embeddedEventLoop.advanceTime(by: .milliseconds(1990))
        #expect(outcome.isPending)
        switchSide.channel.embeddedEventLoop.advanceTime(by: .milliseconds(20))
        guard case .timeout(.barrierRequest, let failed) = outcome.error else {
            Issue.record("expected a timeout, got \(String(describing: outcome.result.withLock { $0 }))")
            return
        }
        #expect(failed == xid)
    }

    @Test("keepalive: a silent switch is probed after the interval and dropped after the timeout")
    func keepalive() throws {
        let switchSide = try EmbeddedConnection(echoInterval: .seconds(5))
        try switchSide.handshake()
        switchSide.channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(try switchSide.sentMessages().map(\.type) == [.echoRequest])
        switchSide.channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(!switchSide.channel.isActive)
    }

    func controlType(_ message: OFMessage) -> BundleControlType? {
        if case .bundleControl(let control) = message.body { return control.type }
        return nil
    }

    func answer(_ message: OFMessage, with type: BundleControlType) -> OFMessage {
        OFMessage(xid: message.xid, .bundleControl(BundleControl(bundleID: 1, type: type)))
    }

    @Test("bundle: OPEN and ADDs stream out; CLOSE, then COMMIT once CLOSE is answered; success")
    func bundleCommitted() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        switchSide.connection.openBundle(1, flags: [.atomic, .ordered], timeout: .seconds(5))
        switchSide.connection.addToBundle(1, Array(repeating: .flowMod(FlowMod()), count: 3))
        let (promise, outcome) = switchSide.promise(of: Void.self)
        switchSide.connection.commitBundle(1, promise: promise)
        let sent = try switchSide.sentMessages()
        #expect(
            sent.map(\.type) == [
                .bundleControl, .bundleAddMessage, .bundleAddMessage, .bundleAddMessage, .bundleControl,
            ])
        #expect(sent.compactMap(controlType) == [.openRequest, .closeRequest])
        try switchSide.receive(answer(sent[0], with: .openReply), answer(sent[4], with: .closeReply))
        let commit = try #require(try switchSide.sentMessages().first)
        #expect(controlType(commit) == .commitRequest)
        #expect(outcome.isPending)
        try switchSide.receive(answer(commit, with: .commitReply))
        #expect(outcome.result.withLock { $0 } != nil && outcome.error == nil)
    }

    @Test("bundle: a refused inner message is reported with its index, and the bundle is discarded")
    func bundleRefused() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        switchSide.connection.openBundle(1, flags: [.atomic], timeout: .seconds(5))
        switchSide.connection.addToBundle(1, [.flowMod(FlowMod()), .flowMod(FlowMod())])
        switchSide.connection.addToBundle(1, [.groupMod(GroupMod(command: .add, type: .all, groupID: 1))])
        let (promise, outcome) = switchSide.promise(of: Void.self)
        switchSide.connection.commitBundle(1, promise: promise)
        let sent = try switchSide.sentMessages()
        try #require(sent.count == 5)
        try switchSide.receive(
            answer(sent[0], with: .openReply), OFMessage(xid: sent[3].xid, .error(refusal)),
            answer(sent[4], with: .closeReply))
        let discard = try #require(try switchSide.sentMessages().first)
        #expect(controlType(discard) == .discardRequest)
        try switchSide.receive(answer(discard, with: .discardReply))
        guard case .bundleFailed(let failure) = outcome.error else {
            Issue.record("expected bundleFailed, got \(String(describing: outcome.result.withLock { $0 }))")
            return
        }
        #expect(failure.failedMessage?.index == 2)
        #expect(failure.failedMessage?.type == .groupMod)
    }

    @Test("sendConfirmed: refusals by index once the barrier is answered")
    func confirmed() throws {
        let switchSide = try EmbeddedConnection()
        try switchSide.handshake()
        let (promise, outcome) = switchSide.promise(of: [RejectedMessage].self)
        switchSide.connection.sendConfirmed(
            Array(repeating: .flowMod(FlowMod()), count: 4), timeout: .seconds(5), promise: promise)
        let sent = try switchSide.sentMessages()
        #expect(sent.map(\.type) == [.flowMod, .flowMod, .flowMod, .flowMod, .barrierRequest])
        try switchSide.receive(
            OFMessage(xid: sent[1].xid, .error(refusal)), OFMessage(xid: sent[4].xid, .barrierReply))
        #expect(outcome.value?.map(\.index) == [1])
        #expect(switchSide.events.isEmpty)
    }
}
