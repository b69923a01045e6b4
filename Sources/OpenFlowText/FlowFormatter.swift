import OpenFlow

/// Flow entries and flow mods printed as ovs-ofctl prints them for OpenFlow 1.4.
public enum FlowFormatter {
    /// One `dump-flows` line, without the leading space ovs-ofctl indents it with.
    public static func format(_ f: FlowStats, showStats: Bool = true, names: PortNames? = nil) -> String {
        // One allocation for a typical line instead of several as it grows (perf, dump-flows).
        var s = ""
        s.reserveCapacity(256)
        if showStats || f.cookie != 0 { s += "cookie=0x\(String(f.cookie, radix: 16)), " }
        if showStats { s += "duration=" + duration(f.durationSec, f.durationNSec) + ", " }
        if showStats || f.tableID != 0 { s += "table=\(f.tableID), " }
        if showStats { s += "n_packets=\(f.packetCount), n_bytes=\(f.byteCount), " }
        if f.idleTimeout != 0 { s += "idle_timeout=\(f.idleTimeout), " }
        if f.hardTimeout != 0 { s += "hard_timeout=\(f.hardTimeout), " }
        s += flags(f.flags)
        if f.importance != 0 { s += "importance=\(f.importance), " }
        let match = MatchFormatter.format(FlowMatch(f.match), priority: f.priority, names: names)
        if !match.isEmpty { s += match + " " }
        return s + "actions=" + ActionFormatter.format(f.instructions, names: names)
    }

    /// The text ovs-ofctl prints after `OFPT_FLOW_MOD (OF1.4) (xid=...):`, leading space included.
    public static func format(_ m: FlowMod, names: PortNames? = nil) -> String {
        var s = " "
        switch m.command {
        case .add: s += "ADD"
        case .modify: s += "MOD"
        case .modifyStrict: s += "MOD_STRICT"
        case .delete: s += "DEL"
        case .deleteStrict: s += "DEL_STRICT"
        default: s += "cmd:\(m.command.rawValue)"
        }
        if m.tableID != 0 { s += " table:\(m.tableID == TableID.all ? "all" : String(m.tableID))" }
        s += " " + MatchFormatter.format(FlowMatch(m.match), priority: m.priority, names: names)
        if !s.hasSuffix(" ") { s += " " }
        if m.cookieMask != 0 {
            s += "cookie:0x\(String(m.cookie, radix: 16))/0x\(String(m.cookieMask, radix: 16)) "
        } else if m.cookie != 0 && m.cookie != .max {
            s += "cookie:0x\(String(m.cookie, radix: 16)) "
        }
        if m.idleTimeout != 0 { s += "idle:\(m.idleTimeout) " }
        if m.hardTimeout != 0 { s += "hard:\(m.hardTimeout) " }
        if m.importance != 0 { s += "importance:\(m.importance) " }
        if m.bufferID != BufferID.noBuffer { s += "buf:0x\(String(m.bufferID, radix: 16)) " }
        if m.outPort != .any { s += "out_port:" + PortSyntax.format(m.outPort, names: names) + " " }
        if m.outGroup != GroupID.any { s += "out_group:\(m.outGroup) " }
        s += flags(m.flags)
        return s + "actions=" + ActionFormatter.format(m.instructions, names: names)
    }

    /// A flow mod as a flow line that `FlowParser.parse` reads back to the same message.
    public static func flowLine(_ m: FlowMod, names: PortNames? = nil) -> String {
        var parts: [String] = []
        if m.tableID != 0 { parts.append("table=\(m.tableID)") }
        if m.cookie != 0 || m.cookieMask != 0 {
            parts.append(
                "cookie=0x\(String(m.cookie, radix: 16))"
                    + (m.cookieMask != 0 && m.command != .add ? "/0x\(String(m.cookieMask, radix: 16))" : ""))
        }
        if m.idleTimeout != 0 { parts.append("idle_timeout=\(m.idleTimeout)") }
        if m.hardTimeout != 0 { parts.append("hard_timeout=\(m.hardTimeout)") }
        if m.importance != 0 { parts.append("importance=\(m.importance)") }
        parts += flags(m.flags).split(separator: " ").map(String.init)
        let match = MatchFormatter.format(FlowMatch(m.match), priority: m.priority, names: names)
        if !match.isEmpty { parts.append(match) }
        parts.append("actions=" + ActionFormatter.format(m.instructions, names: names))
        return parts.joined(separator: ",")
    }

    static func flags(_ f: FlowModFlags) -> String {
        var s = ""
        if f.contains(.sendFlowRemoved) { s += "send_flow_rem " }
        if f.contains(.checkOverlap) { s += "check_overlap " }
        if f.contains(.resetCounts) { s += "reset_counts " }
        if f.contains(.noPacketCounts) { s += "no_packet_counts " }
        if f.contains(.noByteCounts) { s += "no_byte_counts " }
        return s
    }

    /// ofp_print_duration: whole seconds, milliseconds when exact, else the needed digits.
    public static func duration(_ sec: UInt32, _ nsec: UInt32) -> String {
        var s = "\(sec)"
        if nsec > 0 {
            let msec = nsec / 1_000_000
            if msec * 1_000_000 == nsec {
                let m = String(msec)
                s += "." + String(repeating: "0", count: 3 - m.count) + m
            } else {
                var n = String(nsec)
                n = String(repeating: "0", count: 9 - n.count) + n
                while n.hasSuffix("0") { n.removeLast() }
                s += "." + n
            }
        }
        return s + "s"
    }
}
