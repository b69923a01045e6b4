import OpenFlow

/// Features, port descriptions and table statistics printed as ovs-ofctl prints them.
public enum SwitchFormatter {
    static let configNames = ["PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD", "NO_FWD", "NO_PACKET_IN"]
    static let stateNames = ["LINK_DOWN", "BLOCKED", "LIVE"]
    static let featureNames = [
        "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD", "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD",
        "OTHER", "COPPER", "FIBER", "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
    ]
    static let capabilityNames: [Int: String] = [
        0: "FLOW_STATS", 1: "TABLE_STATS", 2: "PORT_STATS", 3: "GROUP_STATS", 5: "IP_REASM", 6: "QUEUE_STATS",
        8: "PORT_BLOCKED", 9: "BUNDLES", 10: "FLOW_MONITORING",
    ]

    /// ofp_print_bit_names: names joined by `separator`, unnamed bits as 0x hex, "0" for none.
    static func bitNames(_ bits: UInt32, _ names: (Int) -> String?, separator: String = " ") -> String {
        if bits == 0 { return "0" }
        var parts: [String] = []
        var rest = bits
        for i in 0..<32 where bits & (1 << i) != 0 {
            if let n = names(i) {
                parts.append(n)
                rest &= ~(1 << i)
            }
        }
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.joined(separator: separator)
    }

    /// The lines of one port in `show` and `dump-ports-desc` (each starts with a space).
    public static func port(_ p: PortDescription) -> [String] {
        // OVS prints a port's name up to its first byte that is not printable ASCII.
        let name = String(decoding: p.name.utf8.prefix { $0 >= 0x20 && $0 < 0x7f }, as: UTF8.self)
        var lines = [" \(PortSyntax.format(p.portNumber))(\(name)): addr:\(p.hardwareAddress)"]
        lines.append(
            "     config:     " + bitNames(p.config.rawValue) { $0 < configNames.count ? configNames[$0] : nil })
        lines.append("     state:      " + bitNames(p.state.rawValue) { $0 < stateNames.count ? stateNames[$0] : nil })
        let e = p.ethernet
        func features(_ label: String, _ f: PortFeatures?) {
            guard let f, f.rawValue != 0 else { return }
            lines.append(label + bitNames(f.rawValue) { $0 < featureNames.count ? featureNames[$0] : nil })
        }
        features("     current:    ", e?.current)
        features("     advertised: ", e?.advertised)
        features("     supported:  ", e?.supported)
        features("     peer:       ", e?.peer)
        lines.append(
            "     speed: \((e?.currentSpeedKbps ?? 0) / 1000) Mbps now, \((e?.maxSpeedKbps ?? 0) / 1000) Mbps max")
        return lines
    }

    /// Ports in the order ovs-ofctl prints them: by OpenFlow 1.0 port number (LOCAL last).
    public static func sortedPorts(_ ports: [PortDescription]) -> [PortDescription] {
        func key(_ p: PortNumber) -> UInt32 { p.rawValue >= 0xffff_ff00 ? p.rawValue - 0xffff_0000 : p.rawValue }
        return ports.sorted { key($0.portNumber) < key($1.portNumber) }
    }

    public static func features(_ f: FeaturesReply) -> [String] {
        [
            "n_tables:\(f.nTables), n_buffers:\(f.nBuffers)",
            "capabilities: " + bitNames(f.capabilities.rawValue) { capabilityNames[$0] },
        ]
    }

    /// The body of `dump-tables`: identical consecutive tables collapse into "ditto" runs.
    public static func tables(_ tables: [TableStats]) -> String {
        var s = ""
        var first = -1
        var last = -1
        func finish() {
            guard first >= 0 else { return }
            s += "\n"
            s += first == last ? "  table \(first): ditto\n" : "  tables \(first)...\(last): ditto\n"
        }
        var previous: TableStats?
        for t in tables {
            if let p = previous, p.activeCount == t.activeCount, p.lookupCount == t.lookupCount,
                p.matchedCount == t.matchedCount
            {
                if first < 0 { first = Int(t.tableID) }
                last = Int(t.tableID)
            } else {
                finish()
                first = -1
                s += "\n  table \(t.tableID):\n"
                s += "    active=\(t.activeCount), lookup=\(t.lookupCount), matched=\(t.matchedCount)\n"
            }
            previous = t
        }
        finish()
        return s
    }
}
