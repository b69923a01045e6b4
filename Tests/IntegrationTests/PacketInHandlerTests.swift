import Controller
import NIOCore
import OpenFlow
import Synchronization
import Testing

/// Packet-ins answered on the connection's event loop (`PacketInHandler`), against a scripted
/// switch on loopback: what the switch receives, and what still reaches the event stream.
@Suite("Packet-in handlers on the event loop")
struct PacketInHandlerTests {
    static let hostA: UInt64 = 0x0200_0000_000A
    static let hostB: UInt64 = 0x0200_0000_000B

    /// A table-miss PACKET_IN of a 60-byte frame from `source` to `destination`, arriving on `port`.
    static func packetIn(
        from source: UInt64, to destination: UInt64, port: UInt32, xid: UInt32, cookie: UInt64 = 0
    ) -> OFMessage {
        var frame = ByteBuffer()
        frame.writeInteger(UInt16(truncatingIfNeeded: destination >> 32))
        frame.writeInteger(UInt32(truncatingIfNeeded: destination))
        frame.writeInteger(UInt16(truncatingIfNeeded: source >> 32))
        frame.writeInteger(UInt32(truncatingIfNeeded: source))
        frame.writeInteger(UInt16(0x88b5))
        frame.writeRepeatingByte(UInt8(truncatingIfNeeded: xid), count: 46)
        return OFMessage(
            xid: xid,
            .packetIn(
                PacketIn(
                    totalLength: 60, reason: .tableMiss, tableID: 0, cookie: cookie,
                    match: Match([OXMField(.inPort, UInt128(port))]), data: frame)))
    }

    static func isPacketOut(_ m: OFMessage) -> Bool { m.type == .packetOut }

    func withController(_ body: (Controller, Int) async throws -> Void) async throws {
        let controller = Controller()
        let address = try await controller.listen(on: .tcp(host: "127.0.0.1", port: 0))
        do {
            try await body(controller, try #require(address?.port))
        } catch {
            await controller.shutdown()
            throw error
        }
        await controller.shutdown()
    }

    @Test("the learning switch floods an unknown destination, then installs a flow and outputs to a learned one")
    func learningSwitch() async throws {
        try await withController { controller, port in
            let runner = AppRunner(controller: controller, apps: [L2LearningApp()])
            let events = Task { await runner.run() }
            defer { events.cancel() }
            let fake = try await ScriptedSwitch.connect(port: port, datapathID: 1)
            // The app's table-miss flow: from switchConnected, so the handler is attached by now.
            _ = try await fake.received(1) { $0.type == .flowMod }

            let first = Self.packetIn(from: Self.hostA, to: Self.hostB, port: 1, xid: 100)
            try await fake.send([first])
            let flood = try #require(try await fake.received(1, where: Self.isPacketOut).first)
            guard case .packetOut(let out) = flood.body, case .packetIn(let sent) = first.body else {
                Issue.record("\(flood)")
                return
            }
            #expect(out.actions == [.output(port: .flood)])
            #expect(out.inPort == PortNumber(1))
            #expect(out.bufferID == BufferID.noBuffer)
            #expect(out.data == sent.data)

            try await fake.send([Self.packetIn(from: Self.hostB, to: Self.hostA, port: 2, xid: 101)])
            let outs = try await fake.received(2, where: Self.isPacketOut)
            #expect(outs.count == 2)
            if case .packetOut(let out) = outs.last?.body { #expect(out.actions == [.output(port: PortNumber(1))]) }
            let flows = try await fake.received(2) { $0.type == .flowMod }
            guard flows.count == 2, case .flowMod(let learned) = flows[1].body else {
                Issue.record("no learned flow: \(flows)")
                return
            }
            #expect(learned.match[.inPort]?.value.integer == 2)
            #expect(learned.match[.ethDst]?.value.integer == UInt128(Self.hostA))
            #expect(learned.instructions == [.applyActions([.output(port: PortNumber(1))])])
            #expect(learned.idleTimeout == 60 && learned.priority == 10)
            // The FLOW_MOD precedes its PACKET_OUT, and every message has its own xid.
            let all = try await fake.received(4) { $0.type == .flowMod || $0.type == .packetOut }
            #expect(all.map(\.type) == [.flowMod, .packetOut, .flowMod, .packetOut])
            #expect(Set(all.map(\.xid)).count == 4)
            try await fake.close()
        }
    }

    @Test("a batch of 200 packet-ins read together is answered in full and in order")
    func batch() async throws {
        try await withController { controller, port in
            let runner = AppRunner(controller: controller, apps: [L2LearningApp()])
            let events = Task { await runner.run() }
            defer { events.cancel() }
            let fake = try await ScriptedSwitch.connect(port: port, datapathID: 2)
            _ = try await fake.received(1) { $0.type == .flowMod }
            // Two hosts taking turns: after the first two, every packet-in has a learned destination.
            var batch: [OFMessage] = []
            for i in 0..<200 {
                let xid = UInt32(1000 + i)
                batch.append(
                    i % 2 == 0
                        ? Self.packetIn(from: Self.hostA, to: Self.hostB, port: 1, xid: xid)
                        : Self.packetIn(from: Self.hostB, to: Self.hostA, port: 2, xid: xid))
            }
            try await fake.send(batch)
            let outs = try await fake.received(200, where: Self.isPacketOut)
            #expect(outs.count == 200)
            let ports = outs.compactMap { message -> PortNumber? in
                guard case .packetOut(let out) = message.body, case .output(let port, _)? = out.actions.first else {
                    return nil
                }
                return port
            }
            #expect(ports.first == .flood)
            let expected: [PortNumber] = (1..<200).map { i -> PortNumber in PortNumber(UInt32(i % 2 == 0 ? 2 : 1)) }
            #expect(Array(ports.dropFirst()) == expected)
            let flows = try await fake.received(200) { $0.type == .flowMod }
            #expect(flows.count == 1 + 199)
            try await fake.close()
        }
    }

    @Test("unhandled packet-ins become events; a handler may also call Switch methods; attached after connect")
    func unhandledAndNested() async throws {
        try await withController { controller, port in
            let fake = try await ScriptedSwitch.connect(port: port, datapathID: 3)
            _ = try await controller.waitForSwitches(count: 1)
            // Attached to a switch that is already connected.
            controller.attachPacketInHandlers(of: [CookieApp()])
            // One round trip, so the attachment (a hop onto the connection's event loop) is done.
            try await controller.switches[3]?.barrier()

            let handled = Self.packetIn(from: Self.hostA, to: Self.hostB, port: 1, xid: 7, cookie: 1)
            let passed = Self.packetIn(from: Self.hostA, to: Self.hostB, port: 1, xid: 8, cookie: 2)
            try await fake.send([handled, passed])

            // The handled one never reaches the stream: the first packet-in event is the second.
            var iterator = controller.events.makeAsyncIterator()
            var event: SwitchEvent?
            repeat { event = await iterator.next() } while event.map(Self.isConnected) ?? false
            guard case .packetIn(let handle, let packetIn) = event else {
                Issue.record("expected a packet-in event, got \(String(describing: event))")
                return
            }
            #expect(handle.datapathID == 3)
            if case .packetIn(let sent) = passed.body { #expect(packetIn == sent) }

            // The handler's PACKET_OUT, then the ECHO_REQUEST it sent through `Switch` meanwhile.
            let answers = try await fake.received(2) { message in
                if case .echoRequest(let payload) = message.body {
                    return payload == ByteBuffer(string: CookieApp.Handler.marker)
                }
                return message.type == .packetOut
            }
            #expect(answers.map(\.type) == [.packetOut, .echoRequest])
            #expect(Set(answers.map(\.xid)).count == 2)
            try await fake.close()
        }
    }

    @Test("an asynchronous message with a pending request's xid is an event, not that request's answer")
    func asynchronousXIDIsNoAnswer() async throws {
        try await withController { controller, port in
            let fake = try await ScriptedSwitch.connect(port: port, datapathID: 4)
            _ = try await controller.waitForSwitches(count: 1)
            let handle = try #require(controller.switches[4])
            // The scripted switch records GET_CONFIG_REQUEST without answering it.
            let reply = Task { try await handle.request(.getConfigRequest, timeout: .seconds(10)) }
            let asked = try #require(try await fake.received(1) { $0.type == .getConfigRequest }.first)
            let packetIn = Self.packetIn(from: Self.hostA, to: Self.hostB, port: 1, xid: asked.xid)
            try await fake.send([packetIn, OFMessage(xid: asked.xid, .getConfigReply(SwitchConfig()))])
            let answer = try await reply.value
            #expect(answer.type == .getConfigReply, "\(answer)")
            var iterator = controller.events.makeAsyncIterator()
            var event: SwitchEvent?
            repeat { event = await iterator.next() } while event.map(Self.isConnected) ?? false
            guard case .packetIn(_, let received) = event, case .packetIn(let sent) = packetIn.body else {
                Issue.record("expected the packet-in as an event, got \(String(describing: event))")
                return
            }
            #expect(received == sent)
            try await fake.close()
        }
    }

    @Test("a message split across reads is put back together; one that does not frame or decode closes the connection")
    func framing() async throws {
        try await withController { controller, port in
            let runner = AppRunner(controller: controller, apps: [L2LearningApp()])
            let events = Task { await runner.run() }
            defer { events.cancel() }
            let fake = try await ScriptedSwitch.connect(port: port, datapathID: 4)
            _ = try await fake.received(1) { $0.type == .flowMod }
            // A packet-in in three pieces, the middle one a single byte.
            let whole = Array(Self.packetIn(from: Self.hostA, to: Self.hostB, port: 1, xid: 50).bytes.readableBytesView)
            for piece in [whole[..<10], whole[10..<11], whole[11...]] {
                try await fake.send(bytes: Array(piece))
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await fake.received(1, where: Self.isPacketOut).count == 1)

            // A PACKET_IN whose match overruns it: the view refuses it, the decoder answers it.
            var bad = whole
            bad[26] = 0x7F
            try await fake.send(bytes: bad)
            try await fake.waitUntilClosed()
            let errors = try await fake.received(1) { $0.type == .error }
            #expect(errors.map(\.xid) == [50])

            // A header whose length is below 8: the stream cannot be cut any further.
            let second = try await ScriptedSwitch.connect(port: port, datapathID: 5)
            _ = try await second.received(1) { $0.type == .flowMod }
            try await second.send(bytes: [5, 10, 0, 4, 0, 0, 0, 77])
            try await second.waitUntilClosed()
            #expect(try await second.received(1) { $0.type == .error }.map(\.xid) == [77])
        }
    }

    static func isConnected(_ event: SwitchEvent) -> Bool {
        if case .connected = event { return true }
        return false
    }
}

/// Handles packet-ins whose cookie is 1 (a PACKET_OUT to port 9, and an echo request sent through
/// `Switch` from inside the handler); passes on the others.
private struct CookieApp: ControllerApp {
    let name = "cookie"
    func switchConnected(_ handle: Switch) async throws {}
    func packetInHandler(for handle: Switch) -> (any PacketInHandler)? { Handler(handle: handle) }

    final class Handler: PacketInHandler {
        /// Tells the handler's ECHO_REQUEST from keepalive probes, which a slow run also sees.
        static let marker = "from the handler"
        let handle: Switch
        init(handle: Switch) { self.handle = handle }

        func packetIn(_ packet: PacketInView, replies: inout SwitchWriter) -> PacketInDisposition {
            guard packet.cookie == 1 else { return .unhandled }
            replies.packetOut(inPort: packet.inPort ?? .controller, output: PortNumber(9), data: packet.data)
            handle.send(.echoRequest(ByteBuffer(string: Self.marker)))
            return .handled
        }
    }
}
