import Synchronization
import Testing

@testable import Controller

@Suite("Keyed serializer")
struct KeyedSerializerTests {
    final class Log: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test("work under one key runs one at a time, in order; other keys run meanwhile")
    func serializesPerKey() async throws {
        let serializer = KeyedSerializer<Int>()
        let log = Log()
        let gate = AsyncStream<Void>.makeStream()
        let first = Task {
            await serializer.run(1) {
                log.append("1a start")
                for await _ in gate.stream { break }
                log.append("1a end")
            }
        }
        while !log.all.contains("1a start") { try await Task.sleep(for: .milliseconds(1)) }
        let second = Task { await serializer.run(1) { log.append("1b") } }
        await serializer.run(2) { log.append("2") }
        try await Task.sleep(for: .milliseconds(50))
        #expect(log.all == ["1a start", "2"], "key 2 ran; 1b waits for 1a")
        gate.continuation.yield()
        await first.value
        await second.value
        #expect(log.all == ["1a start", "2", "1a end", "1b"])
    }

    @Test("work that throws releases its key")
    func throwingReleases() async throws {
        struct Failure: Error {}
        let serializer = KeyedSerializer<String>()
        await #expect(throws: Failure.self) { try await serializer.run("k") { throw Failure() } }
        #expect(await serializer.run("k") { 7 } == 7)
    }
}
