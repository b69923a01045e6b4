import Controller
import Foundation
import OVSSandbox
import Synchronization
import TestSupport
import Testing

/// `AppRunner` gives each app each switch's events on a queue of its own: an app stuck on one
/// switch does not hold up another switch, nor another app, while one switch's events stay in
/// order.
@Suite("AppRunner per-switch queues", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct AppRunnerQueueTests {
    /// Blocks in `switchConnected` of the first switch it sees until released; records the rest.
    final class BlockingApp: ControllerApp, Sendable {
        let name = "blocking"
        let connected = Mutex<[UInt64]>([])
        let blocked = Mutex<UInt64?>(nil)
        let release = AsyncStream<Void>.makeStream()

        func switchConnected(_ handle: Switch) async throws {
            let first = blocked.withLock { blocked -> Bool in
                guard blocked == nil else { return false }
                blocked = handle.datapathID
                return true
            }
            if first {
                for await _ in release.stream { break }
            }
            connected.withLock { $0.append(handle.datapathID) }
        }
    }

    final class RecordingApp: ControllerApp, Sendable {
        let name = "recording"
        let connected = Mutex<[UInt64]>([])
        func switchConnected(_ handle: Switch) async throws { connected.withLock { $0.append(handle.datapathID) } }
    }

    @Test("one switch's app stuck: the other switch and the other app still get their events")
    func independentQueues() async throws {
        let controller = Controller()
        let address = try await controller.listen(on: .tcp(host: "127.0.0.1", port: 0))
        let port = try #require(address?.port)
        let blocking = BlockingApp()
        let recording = RecordingApp()
        let runner = AppRunner(controller: controller, apps: [blocking, recording])
        let running = Task { await runner.run() }
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set-controller", "br0", "tcp:127.0.0.1:\(port)"])
            _ = try await controller.waitForSwitches(count: 1)
            try await Self.eventually { blocking.blocked.withLock { $0 } != nil }
            try await sandbox.addBridge("br1", extra: ["set-controller", "br1", "tcp:127.0.0.1:\(port)"])
            _ = try await controller.waitForSwitches(count: 2)
            // The blocking app's other switch, and the other app's two, arrive while br0 blocks.
            try await Self.eventually { blocking.connected.withLock { $0.count } == 1 }
            try await Self.eventually { recording.connected.withLock { $0.count } == 2 }
            let stuck = try #require(blocking.blocked.withLock { $0 })
            #expect(!blocking.connected.withLock { $0 }.contains(stuck))
            blocking.release.continuation.yield()
            try await Self.eventually { blocking.connected.withLock { $0.count } == 2 }
        }
        await controller.shutdown()
        await running.value
    }

    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 10 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
