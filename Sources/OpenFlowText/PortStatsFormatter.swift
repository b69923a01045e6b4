import OpenFlow

/// Switch description, port statistics and queue statistics as ovs-ofctl prints them
/// (`dump-desc`, `dump-ports`, `queue-stats`, and their `ofp-print` form).
public enum PortStatsFormatter {
    /// The lines of an OFPST_DESC reply after its head.
    public static func description(_ d: SwitchDescription) -> [String] {
        [
            "Manufacturer: \(d.manufacturer)", "Hardware: \(d.hardware)", "Software: \(d.software)",
            "Serial Num: \(d.serialNumber)", "DP Description: \(d.datapath)",
        ]
    }

    /// A counter; all ones means the switch does not keep it.
    static func counter(_ v: UInt64) -> String { v == .max ? "?" : String(v) }

    /// The three lines of one port's counters. Single-digit port numbers get a leading space
    /// so the colons line up, as in ovs-ofctl.
    public static func port(_ p: PortStats, names: PortNames? = nil) -> [String] {
        let ethernet = p.properties.lazy.compactMap { prop -> PortStatsProperty.Ethernet? in
            if case .ethernet(let e) = prop { return e }
            return nil
        }.first
        let name = PortSyntax.format(p.portNumber, names: names)
        let pad = p.portNumber.rawValue < 10 ? " " : ""
        var rx = "  port \(pad)\(name): rx pkts=\(counter(p.rxPackets)), bytes=\(counter(p.rxBytes))"
        rx += ", drop=\(counter(p.rxDropped)), errs=\(counter(p.rxErrors))"
        // Without an Ethernet property these counters are unknown, which OVS prints as "?".
        rx += ", frame=\(counter(ethernet?.rxFrameErrors ?? .max)), over=\(counter(ethernet?.rxOverErrors ?? .max))"
        rx += ", crc=\(counter(ethernet?.rxCRCErrors ?? .max))"
        var tx = "           tx pkts=\(counter(p.txPackets)), bytes=\(counter(p.txBytes))"
        tx +=
            ", drop=\(counter(p.txDropped)), errs=\(counter(p.txErrors)), coll=\(counter(ethernet?.collisions ?? .max))"
        var lines = [rx, tx]
        if p.durationSec != .max {
            lines.append("           duration=" + FlowFormatter.duration(p.durationSec, p.durationNSec))
        }
        return lines
    }

    /// OFPQ_ALL is "ALL"; other queues are decimal.
    static func queueName(_ q: UInt32) -> String { q == 0xffff_ffff ? "ALL" : String(q) }

    public static func queue(_ q: QueueStats, names: PortNames? = nil) -> String {
        var s = "  port \(PortSyntax.format(q.portNumber, names: names)) queue \(queueName(q.queueID)): "
        s += "bytes=\(counter(q.txBytes)), pkts=\(counter(q.txPackets)), errors=\(counter(q.txErrors)), duration="
        return s + (q.durationSec == .max ? "?" : FlowFormatter.duration(q.durationSec, q.durationNSec))
    }

    /// The text after the head of OFPST_QUEUE and OFPST_QUEUE_DESC requests.
    static func queueRequest(port: PortNumber, queueID: UInt32, names: PortNames?) -> String {
        " port=\(PortSyntax.format(port, names: names)) queue=\(queueName(queueID))"
    }

    /// OFPST_QUEUE_DESC reply: queues sorted by port and queue; each port named once, before
    /// its first queue; rates in tenths of a percent.
    static func queueDescriptions(_ queues: [QueueDescription], names: PortNames?) -> String {
        func rate(_ label: String, _ r: UInt16?) -> String {
            guard let r, r != .max else { return "" }
            return r <= 1000 ? " \(label):\(r / 10).\(r % 10)%" : " \(label):(disabled)"
        }
        var s = ""
        var port: PortNumber?
        for q in queues.sorted(by: { ($0.portNumber.rawValue, $0.queueID) < ($1.portNumber.rawValue, $1.queueID) }) {
            if q.portNumber != port {
                port = q.portNumber
                s += (s.isEmpty ? " " : "") + "port=" + PortSyntax.format(q.portNumber, names: names) + "\n"
            }
            var minRate: UInt16?
            var maxRate: UInt16?
            for p in q.properties {
                if case .minRate(let r) = p { minRate = r }
                if case .maxRate(let r) = p { maxRate = r }
            }
            s += "queue \(q.queueID):" + rate("min_rate", minRate) + rate("max_rate", maxRate) + "\n"
        }
        return s
    }
}
