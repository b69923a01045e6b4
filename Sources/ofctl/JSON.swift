import OpenFlow
import OpenFlowText

/// `--format json`: one JSON document per dump, with a stable schema (Docs/ofctl.md). Match
/// and actions are also given in ovs-ofctl text, which parses back with `parse-flow`.
enum JSON {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let h = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func number(_ v: UInt64) -> String { String(v) }
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func flows(_ flows: [FlowStats], names: PortNames?, showStats: Bool) -> String {
        array(
            flows.map { f in
                var pairs: [(String, String)] = [
                    ("table", number(UInt64(f.tableID))), ("priority", number(UInt64(f.priority))),
                    ("cookie", string("0x" + String(f.cookie, radix: 16))),
                ]
                if showStats {
                    pairs += [
                        ("duration", string(FlowFormatter.duration(f.durationSec, f.durationNSec))),
                        ("n_packets", number(f.packetCount)), ("n_bytes", number(f.byteCount)),
                    ]
                }
                pairs += [
                    ("idle_timeout", number(UInt64(f.idleTimeout))), ("hard_timeout", number(UInt64(f.hardTimeout))),
                    ("importance", number(UInt64(f.importance))),
                    ("flags", array(flagNames(f.flags).map(string))),
                    ("match", string(MatchText.format(f, names: names))),
                    ("actions", string(ActionFormatter.format(f.instructions, names: names))),
                ]
                return object(pairs)
            })
    }

    static func flagNames(_ f: FlowModFlags) -> [String] {
        var n: [String] = []
        if f.contains(.sendFlowRemoved) { n.append("send_flow_rem") }
        if f.contains(.checkOverlap) { n.append("check_overlap") }
        if f.contains(.resetCounts) { n.append("reset_counts") }
        if f.contains(.noPacketCounts) { n.append("no_packet_counts") }
        if f.contains(.noByteCounts) { n.append("no_byte_counts") }
        return n
    }

    static func groups(_ groups: [GroupDescription], names: PortNames?) -> String {
        let typeNames = ["all", "select", "indirect", "ff"]
        return array(
            groups.map { g in
                object([
                    ("group_id", number(UInt64(g.groupID))),
                    ("type", string(Int(g.type.rawValue) < 4 ? typeNames[Int(g.type.rawValue)] : "unknown")),
                    (
                        "buckets",
                        array(
                            g.buckets.map { b in
                                object([
                                    ("weight", number(UInt64(b.weight))),
                                    ("watch_port", string(PortSyntax.format(b.watchPort, names: names))),
                                    ("watch_group", number(UInt64(b.watchGroup))),
                                    ("actions", string(ActionFormatter.format(b.actions, names: names))),
                                ])
                            })
                    ),
                ])
            })
    }
}

/// The match part of a flow line alone (priority included, as ovs-ofctl writes it).
enum MatchText {
    static func format(_ f: FlowStats, names: PortNames?) -> String {
        var bare = f
        bare.instructions = []
        bare.idleTimeout = 0
        bare.hardTimeout = 0
        bare.importance = 0
        bare.flags = []
        bare.cookie = 0
        bare.tableID = 0
        let text = FlowFormatter.format(bare, showStats: false, names: names)
        return String(text.dropLast("actions=drop".count)).trimmingSuffixSpace()
    }
}

extension String {
    func trimmingSuffixSpace() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
