import Logging
import OpenFlow

/// Feeds a controller's events to its apps until the event stream ends (at `shutdown()`). An app
/// that throws is logged and keeps receiving events: one bad packet must not stop the controller.
/// Apps that handle packet-ins on the event loop (`ControllerApp.packetInHandler(for:)`) are
/// attached to the controller when `run()` starts.
public struct AppRunner: Sendable {
    public let controller: Controller
    public let apps: [any ControllerApp]
    public let logger: Logger

    public init(controller: Controller, apps: [any ControllerApp], logger: Logger = Logger(label: "switchboard.apps")) {
        self.controller = controller
        self.apps = apps
        self.logger = logger
    }

    public func run() async {
        controller.attachPacketInHandlers(of: apps)
        for await event in controller.events {
            for app in apps {
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
    }
}
