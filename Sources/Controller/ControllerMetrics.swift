import CoreMetrics
import OpenFlow

/// The controller's metrics, through swift-metrics: whatever backend the process bootstraps
/// (`switchboard serve --metrics` uses Prometheus) receives them; without one they cost nothing.
/// Created on first use, so a backend bootstrapped at start-up is the one they bind to.
enum ControllerMetrics {
    static let switchesConnected = Gauge(label: "switchboard_switches_connected")
    static let messagesIn = counters(direction: "in")
    static let messagesOut = counters(direction: "out")
    static let requestDuration = Timer(label: "switchboard_request_duration_seconds")
    static let bundleCommits = Counter(label: "switchboard_bundle_commits_total")
    static let bundleAborts = Counter(label: "switchboard_bundle_aborts_total")
    static let eventDrops = Counter(label: "switchboard_event_drops_total")

    /// One counter per message type (0...34, then one for anything else), so counting a message is
    /// an array index, not a lookup by label.
    private static func counters(direction: String) -> [Counter] {
        (0...35).map { code in
            Counter(
                label: "switchboard_openflow_messages_total",
                dimensions: [
                    ("direction", direction),
                    ("type", code == 35 ? "other" : OFMessageType(rawValue: UInt8(code)).name),
                ])
        }
    }

    static func count(_ type: OFMessageType, in counters: [Counter]) {
        counters[min(Int(type.rawValue), counters.count - 1)].increment()
    }

    /// OFPT_ERROR messages received, by their type and code numbers.
    static func countError(type: UInt16, code: UInt16) {
        Counter(label: "switchboard_openflow_errors_total", dimensions: [("type", "\(type)"), ("code", "\(code)")])
            .increment()
    }
}
