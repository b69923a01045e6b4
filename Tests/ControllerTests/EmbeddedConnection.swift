import Logging
import NIOCore
import NIOEmbedded
import OpenFlow
import Synchronization
import Testing

@testable import Controller

/// An `OpenFlowConnection` in an `EmbeddedChannel`, with the test playing the switch: what the
/// connection writes is read back as messages, what the switch says is written in as bytes, and
/// time moves only when the test advances it.
final class EmbeddedConnection {
    /// What the connection told its owner.
    final class Record: Sendable {
        let events = Mutex<[SwitchEvent]>([])
        let closedReason = Mutex<String?>(nil)
    }

    let channel = EmbeddedChannel()
    let connection: OpenFlowConnection
    let record = Record()
    private var frames = OFFrameReader()

    init(echoInterval: Duration = .seconds(5), maximumMessageLength: Int = 65535) throws {
        let settings = OpenFlowConnection.Settings(
            missSendLength: 0xffff, echoInterval: echoInterval, echoTimeout: .seconds(3),
            handshakeTimeout: .seconds(10), maximumMessageLength: maximumMessageLength)
        let record = record
        let callbacks = OpenFlowConnection.Callbacks(
            ready: { _ in [] },
            event: { event in record.events.withLock { $0.append(event) } },
            closed: { _, reason in record.closedReason.withLock { $0 = reason } })
        connection = OpenFlowConnection(
            settings: settings, callbacks: callbacks,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try channel.pipeline.syncOperations.addHandler(connection)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6653)).wait()
    }

    /// Everything the connection wrote since the last call, after running the tasks it queued.
    /// `writes` counts the buffers it came in (the connection batches messages into few writes).
    func sent() throws -> (messages: [OFMessage], writes: Int) {
        channel.embeddedEventLoop.run()
        var messages: [OFMessage] = []
        var writes = 0
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            writes += 1
            frames.append(buffer)
            while let frame = try frames.next() { messages.append(try OFMessage(bytes: frame)) }
        }
        return (messages, writes)
    }

    func sentMessages() throws -> [OFMessage] { try sent().messages }

    /// The switch sends `messages`, in one read.
    func receive(_ messages: OFMessage...) throws {
        var bytes = ByteBuffer()
        for message in messages { message.write(into: &bytes) }
        try receive(bytes: bytes)
    }

    func receive(bytes: ByteBuffer) throws {
        try channel.writeInbound(bytes)
        channel.embeddedEventLoop.run()
    }

    /// Plays a 1.4 switch through HELLO, FEATURES and PORT_DESC; the connection is then running.
    func handshake(datapathID: UInt64 = 0xabc) throws {
        let hello = try sentMessages()
        #expect(hello.map(\.type) == [.hello])
        try receive(OFMessage(xid: 1, .hello(Hello(versions: [5]))))
        let features = try #require(try sentMessages().first { $0.type == .featuresRequest })
        try receive(OFMessage(xid: features.xid, .featuresReply(FeaturesReply(datapathID: datapathID))))
        let ports = try #require(try sentMessages().first { $0.type == .multipartRequest })
        try receive(OFMessage(xid: ports.xid, .multipartReply(MultipartReply(.portDesc([])))))
        #expect(try sentMessages().map(\.type) == [.setConfig])
    }

    /// A promise on the channel's loop whose outcome the test reads without blocking.
    func promise<Value: Sendable>(of: Value.Type = Value.self) -> (EventLoopPromise<Value>, Outcome<Value>) {
        let promise = channel.eventLoop.makePromise(of: Value.self)
        let outcome = Outcome<Value>()
        promise.futureResult.whenComplete { result in outcome.result.withLock { $0 = result } }
        return (promise, outcome)
    }

    var events: [SwitchEvent] { record.events.withLock { $0 } }
}

/// A promise's result, once it has one.
final class Outcome<Value: Sendable>: Sendable {
    let result = Mutex<Result<Value, any Error>?>(nil)

    var value: Value? { result.withLock { try? $0?.get() } }
    var error: ControllerError? {
        result.withLock { result in
            guard case .failure(let error) = result else { return nil }
            return error as? ControllerError
        }
    }
    var isPending: Bool { result.withLock { $0 == nil } }
}
