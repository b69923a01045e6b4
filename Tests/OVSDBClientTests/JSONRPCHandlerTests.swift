import NIOCore
import NIOEmbedded
import OVSDB
import Synchronization
import Testing

@testable import OVSDBClient

/// The handler on an EmbeddedChannel: bytes in, bytes out, no sockets.
@Suite("JSON-RPC handler")
struct JSONRPCHandlerTests {
    final class Events: Sendable {
        let notifications = Mutex<[String]>([])
        let closed = Mutex<OVSDBClientError?>(nil)
    }

    func makeChannel(limit: Int = 1024) throws -> (EmbeddedChannel, Events) {
        let events = Events()
        let handler = JSONRPCHandler(
            maximumMessageSize: limit, probeInterval: .seconds(1),
            onNotification: { method, _ in events.notifications.withLock { $0.append(method) } },
            onClose: { reason in events.closed.withLock { $0 = reason } })
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, events)
    }

    func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    func written(_ channel: EmbeddedChannel) throws -> JSON? {
        guard var buffer = try channel.readOutbound(as: ByteBuffer.self) else { return nil }
        return try JSON.parse(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    @Test("concurrent requests are matched to their replies by id, whatever the reply order")
    func correlation() throws {
        let (channel, _) = try makeChannel()
        let first = channel.eventLoop.makePromise(of: JSON.self)
        let second = channel.eventLoop.makePromise(of: JSON.self)
        try channel.writeOutbound(OutboundCall.request(id: 1, method: "list_dbs", params: [], promise: first))
        try channel.writeOutbound(OutboundCall.request(id: 2, method: "echo", params: ["x"], promise: second))
        #expect(try written(channel) == ["id": 1, "method": "list_dbs", "params": []])
        #expect(try written(channel) == ["id": 2, "method": "echo", "params": ["x"]])
        try feed(channel, #"{"id":2,"result":["x"],"error":null}{"id":1,"result":["Open_vSwitch"],"#)
        try feed(channel, #""error":null}"#)
        #expect(try first.futureResult.wait() == ["Open_vSwitch"])
        #expect(try second.futureResult.wait() == ["x"])
    }

    @Test("the server's echo is answered with the same id and params")
    func answersEcho() throws {
        let (channel, _) = try makeChannel()
        try feed(channel, #"{"id":"echo","method":"echo","params":[1,"a"]}"#)
        #expect(try written(channel) == ["id": "echo", "result": [1, "a"], "error": nil])
    }

    @Test("an error reply fails only its request")
    func rpcError() throws {
        let (channel, events) = try makeChannel()
        let promise = channel.eventLoop.makePromise(of: JSON.self)
        try channel.writeOutbound(OutboundCall.request(id: 5, method: "get_schema", params: ["x"], promise: promise))
        try feed(channel, #"{"id":5,"result":null,"error":{"error":"unknown database","details":"x"}}"#)
        #expect(throws: OVSDBClientError.rpcError(method: "get_schema", error: "unknown database: x")) {
            try promise.futureResult.wait()
        }
        #expect(channel.isActive)
        #expect(events.closed.withLock { $0 } == nil)
    }

    @Test("notifications go to the connection")
    func notifications() throws {
        let (channel, events) = try makeChannel()
        try feed(channel, #"{"id":null,"method":"locked","params":["l"]}"#)
        #expect(events.notifications.withLock { $0 } == ["locked"])
    }

    @Test(
        "bad input fails outstanding requests with a clear error and closes the connection",
        arguments: [
            (#"{"id":99,"result":[],"error":null}"#, OVSDBClientError.unexpectedReply(id: "99")),
            (#"{"id":1,"result":[tru],"error":null}"#, .malformedMessage("")),
            ("garbage", .malformedMessage("")),
            (#"{"padding":""# + String(repeating: "x", count: 2000) + #""}"#, .messageTooLarge(limit: 1024)),
        ])
    func badInput(text: String, expected: OVSDBClientError) throws {
        let (channel, events) = try makeChannel()
        let promise = channel.eventLoop.makePromise(of: JSON.self)
        try channel.writeOutbound(OutboundCall.request(id: 1, method: "transact", params: [], promise: promise))
        _ = try written(channel)
        try? feed(channel, text)
        let reason = try #require(events.closed.withLock { $0 })
        switch (reason, expected) {
        case (.malformedMessage, .malformedMessage): break
        default: #expect(reason == expected)
        }
        #expect(!channel.isActive)
        #expect(throws: OVSDBClientError.self) { try promise.futureResult.wait() }
        // A request after the failure fails at once instead of waiting forever.
        let late = channel.eventLoop.makePromise(of: JSON.self)
        channel.pipeline.write(OutboundCall.request(id: 2, method: "echo", params: [], promise: late), promise: nil)
        #expect(throws: OVSDBClientError.self) { try late.futureResult.wait() }
    }

    @Test("a silent peer gets an echo probe, then a timeout")
    func probe() throws {
        let (channel, events) = try makeChannel()
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        let probe = try #require(try written(channel))
        #expect(probe["method"] == "echo")
        #expect(probe["id"]?.stringValue?.hasPrefix("probe-") == true)
        // Any traffic counts as alive: the probe's answer resets it.
        try feed(channel, #"{"id":"probe-1","result":[],"error":null}"#)
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        _ = try written(channel)
        #expect(channel.isActive)
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        #expect(events.closed.withLock { $0 } == .peerTimeout(seconds: 1))
        #expect(!channel.isActive)
    }
}
