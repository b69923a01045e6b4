import Logging
import OpenFlow

/// Feeds a controller's events to its apps until the event stream ends (at `shutdown()`). An app
/// that throws is logged and keeps receiving events: one bad packet must not stop the controller.
/// Apps that handle packet-ins on the event loop (`ControllerApp.packetInHandler(for:)`) are
/// attached to the controller when `run()` starts.
///
/// Each app gets each switch's events in order, on a queue of its own (one child task per app
/// and datapath): an app busy with one switch (a topology reconcile: a dump and a bundle) never
/// delays another switch, or another app. The queues live as long as `run()`, and cancelling
/// `run()` cancels them.
public struct AppRunner: Sendable {
    public let controller: Controller
    public let apps: [any ControllerApp]
    public let logger: Logger

    public init(controller: Controller, apps: [any ControllerApp], logger: Logger = Logger(label: "switchboard.apps")) {
        self.controller = controller
        self.apps = apps
        self.logger = logger
    }

    /// One queue: an app and a datapath.
    private struct QueueKey: Hashable {
        var app: Int
        var datapathID: UInt64
    }

    public func run() async {
        controller.attachPacketInHandlers(of: apps)
        await withDiscardingTaskGroup { group in
            var queues: [QueueKey: AsyncStream<SwitchEvent>.Continuation] = [:]
            for await event in controller.events {
                for (index, app) in apps.enumerated() {
                    let key = QueueKey(app: index, datapathID: event.datapathID)
                    if queues[key] == nil {
                        // Unbounded: the controller's own stream is the bound; a queue holds only
                        // what one switch sent while its app was busy with it.
                        let (stream, continuation) = AsyncStream.makeStream(of: SwitchEvent.self)
                        queues[key] = continuation
                        group.addTask {
                            for await queued in stream { await deliver(queued, to: app) }
                        }
                    }
                    queues[key]?.yield(event)
                }
            }
            for continuation in queues.values { continuation.finish() }
        }
    }

    private func deliver(_ event: SwitchEvent, to app: any ControllerApp) async {
        do {
            switch event {
            case .connected(let handle): try await app.switchConnected(handle)
            case .disconnected(let datapathID, _): await app.switchDisconnected(datapathID: datapathID)
            default: try await app.handle(event)
            }
        } catch {
            logger.warning("app failed on an event", metadata: ["app": "\(app.name)", "error": "\(error)"])
        }
    }
}
