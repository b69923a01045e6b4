import NIOCore
import OpenFlow
import Testing

@testable import Controller

@Suite("Handshake state machine")
struct HandshakeTests {
    func features(_ dpid: UInt64) -> FeaturesReply { FeaturesReply(datapathID: dpid) }

    @Test("1.4 peer: HELLO → FEATURES → PORT_DESC (two parts) → SET_CONFIG, complete")
    func happyPath() throws {
        var handshake = Handshake(xids: XIDSource(), missSendLength: 0xffff)
        let hello = handshake.start()
        #expect(hello.body == .hello(Hello(versions: [5])))

        let afterHello = handshake.receive(OFMessage(xid: 9, .hello(Hello(versions: [1, 4, 5, 6]))))
        guard case .send(let sent) = afterHello, let request = sent.first, case .featuresRequest = request.body else {
            Issue.record("expected FEATURES_REQUEST, got \(afterHello)")
            return
        }
        let afterFeatures = handshake.receive(OFMessage(xid: request.xid, .featuresReply(features(0xabc))))
        guard case .send(let portRequests) = afterFeatures, let portRequest = portRequests.first else {
            Issue.record("expected PORT_DESC request, got \(afterFeatures)")
            return
        }
        #expect(portRequest.body == .multipartRequest(MultipartRequest(.portDesc)))
        let more = handshake.receive(
            OFMessage(xid: portRequest.xid, .multipartReply(MultipartReply(flags: .more, .portDesc([])))))
        #expect(more == .send([]))
        let done = handshake.receive(OFMessage(xid: portRequest.xid, .multipartReply(MultipartReply(.portDesc([])))))
        guard case .complete(let got, _, let final) = done else {
            Issue.record("expected completion, got \(done)")
            return
        }
        #expect(got.datapathID == 0xabc)
        #expect(final.map(\.body) == [.setConfig(SwitchConfig(missSendLength: 0xffff))])
        #expect(handshake.state == .complete)
    }

    @Test("a bitmap without 1.4 fails with HELLO_FAILED/INCOMPATIBLE naming the peer's versions")
    func incompatibleBitmap() {
        var handshake = Handshake(xids: XIDSource(), missSendLength: 128)
        _ = handshake.start()
        let action = handshake.receive(OFMessage(xid: 3, version: 4, .hello(Hello(versions: [1, 4]))))
        guard case .fail(let reply, let reason) = action, let reply, case .error(let error) = reply.body else {
            Issue.record("expected failure, got \(action)")
            return
        }
        guard case .standard(let code, let data) = error else {
            Issue.record("expected a standard error")
            return
        }
        #expect(code == OFErrorCode.helloFailed(.incompatible))
        #expect(reply.xid == 3)
        #expect(String(buffer: data).contains("OpenFlow 1.0, OpenFlow 1.3"))
        #expect(reason.contains("OpenFlow 1.0, OpenFlow 1.3"))
        #expect(handshake.state == .failed)
    }

    @Test("a bitmap-less HELLO negotiates by header version")
    func headerVersionOnly() {
        var older = Handshake(xids: XIDSource(), missSendLength: 128)
        _ = older.start()
        guard case .fail = older.receive(OFMessage(xid: 1, version: 1, .hello(Hello()))) else {
            Issue.record("an OpenFlow 1.0 HELLO must fail")
            return
        }
        var newer = Handshake(xids: XIDSource(), missSendLength: 128)
        _ = newer.start()
        guard case .send = newer.receive(OFMessage(xid: 1, version: 6, .hello(Hello()))) else {
            Issue.record("an OpenFlow 1.5 HELLO without bitmap negotiates down to 1.4")
            return
        }
    }

    @Test("anything before HELLO fails; echo during the handshake is left to the runtime")
    func outOfOrder() {
        var handshake = Handshake(xids: XIDSource(), missSendLength: 128)
        _ = handshake.start()
        guard case .fail = handshake.receive(OFMessage(xid: 1, .featuresRequest)) else {
            Issue.record("expected failure")
            return
        }
        var other = Handshake(xids: XIDSource(), missSendLength: 128)
        _ = other.start()
        _ = other.receive(OFMessage(xid: 1, .hello(Hello(versions: [5]))))
        #expect(other.receive(OFMessage(xid: 2, .echoRequest(ByteBuffer()))) == .notHandshake)
    }
}

@Suite("Keepalive, xids, targets, multipart joining")
struct ConnectionPiecesTests {
    @Test("silent peer: probe after the interval, dead after the timeout; any message resets")
    func keepalive() {
        let start = ContinuousClock.now
        var keepalive = Keepalive(interval: .seconds(5), timeout: .seconds(3), now: start)
        #expect(keepalive.tick(now: start + .seconds(4)) == .none)
        #expect(keepalive.tick(now: start + .seconds(5)) == .sendProbe)
        #expect(keepalive.tick(now: start + .seconds(7)) == .none)
        keepalive.heardFromPeer(now: start + .seconds(7))
        #expect(keepalive.tick(now: start + .seconds(11)) == .none)
        #expect(keepalive.tick(now: start + .seconds(12)) == .sendProbe)
        #expect(keepalive.tick(now: start + .seconds(15)) == .peerDead)
    }

    @Test("xids skip zero when they wrap")
    func xids() {
        var source = XIDSource(start: UInt32.max - 1)
        #expect(source.next() == UInt32.max)
        #expect(source.next() == 1)
    }

    @Test(
        "targets parse like OVS's",
        arguments: [
            ("tcp:6653", ControllerTarget.tcp(host: "0.0.0.0", port: 6653), true),
            ("tcp:127.0.0.1:6000", .tcp(host: "127.0.0.1", port: 6000), true),
            ("tcp:", .tcp(host: "0.0.0.0", port: 6653), true),
            ("ssl:[::1]:6654", .ssl(host: "::1", port: 6654), true),
            ("unix:/tmp/x.sock", .unix(path: "/tmp/x.sock"), true),
            ("tcp:10.0.0.1", .tcp(host: "10.0.0.1", port: 6653), false),
            ("tcp:switch.example:6633", .tcp(host: "switch.example", port: 6633), false),
        ])
    func targets(text: String, expected: ControllerTarget, listening: Bool) throws {
        let parsed = try listening ? ControllerTarget.listen(text) : ControllerTarget.connect(text)
        #expect(parsed == expected)
    }

    @Test("bad targets name the problem", arguments: ["6653", "udp:1", "tcp:1:99999", "unix:", "tcp:"])
    func badTargets(text: String) {
        #expect(throws: ControllerError.self) { try ControllerTarget.connect(text) }
    }

    @Test("multipart parts join; unsplittable bodies do not")
    func multipartJoin() {
        let a = MultipartReply.Body.portDesc([])
        #expect(a.appending(.portDesc([])) == .portDesc([]))
        #expect(MultipartReply.Body.flow([]).appending(.portDesc([])) == nil)
        #expect(
            MultipartReply.Body.aggregate(AggregateStats(packetCount: 1, byteCount: 2, flowCount: 3)).appending(
                .aggregate(AggregateStats(packetCount: 1, byteCount: 2, flowCount: 3))) == nil)
    }
}
