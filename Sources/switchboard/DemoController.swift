import Controller
import Foundation
import Logging
import Orchestrator
import Synchronization
import Topology

/// `switchboard serve --listen unix:SOCKET --topology FILE`, run inside the demo: the same
/// `Controller`, `TopologyApp` and `AppRunner` the serve command puts together, with its log lines
/// printed (indented, so they read as the controller's) and kept, so the demo can wait for the
/// switch to be reconciled before it sends packets.
struct DemoController {
    let controller: Controller
    let log: DemoLog
    let events: Task<Void, Never>

    static func start(listening socket: String, topology: Topology) async throws -> DemoController {
        let log = DemoLog()
        var logger = Logger(label: "switchboard.serve") { _ in log }
        logger.logLevel = .info
        let controller = Controller(logger: logger)
        do {
            _ = try await controller.listen(on: .unix(path: socket))
        } catch {
            await controller.shutdown()
            throw error
        }
        let app = TopologyApp(topology: topology, controller: controller, logger: logger)
        let runner = AppRunner(controller: controller, apps: [app], logger: logger)
        return DemoController(controller: controller, log: log, events: Task { await runner.run() })
    }

    /// The first log line containing `text`, once it has been logged; nil after `timeout`.
    func waitForLine(containing text: String, timeout: Duration = .seconds(10)) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = log.lines.first(where: { $0.contains(text) }) { return line }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// What serve does on SIGTERM: closes every switch connection, then lets the apps finish.
    func stop() async {
        await controller.shutdown()
        await events.value
    }
}

/// The demo controller's log: each line printed as it comes and kept for `waitForLine`.
final class DemoLog: LogHandler, Sendable {
    private let kept = Mutex<[String]>([])

    var lines: [String] { kept.withLock { $0 } }

    func record(_ line: String) {
        kept.withLock { $0.append(line) }
        print("    [serve] \(line)")
    }

    func log(event: LogEvent) {
        let details = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        record(([event.message.description] + details).joined(separator: " "))
    }

    // The demo's handler has no settable state: one level, no metadata of its own.
    var logLevel: Logger.Level {
        get { .info }
        set {}
    }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }
}
