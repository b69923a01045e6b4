import OpenFlow

/// Flow monitor requests and flow updates as ovs-ofctl prints them (`ofp-print`, and the
/// updates `monitor … watch:` receives).
public enum FlowMonitorFormatter {
    static let flagNames = [0: "initial", 1: "add", 2: "delete", 3: "modify", 4: "actions", 5: "no-abbrev", 6: "own"]

    /// One request: `\n id=N flags=… [out_port=P] [out_group=G] [table=T] MATCH`.
    static func request(_ r: FlowMonitorRequest, names: PortNames?) -> String {
        if r.command == .delete { return "\n id=\(r.monitorID) command=delete" }
        var s = "\n id=\(r.monitorID) flags="
        s += SwitchFormatter.bitNames(UInt32(r.flags.rawValue), { flagNames[$0] }, separator: ",")
        if r.outPort != .any { s += " out_port=" + PortSyntax.format(r.outPort, names: names) }
        if r.outGroup != 0, r.outGroup != GroupID.any { s += " out_group=\(r.outGroup)" }
        if r.tableID != TableID.all { s += " table=\(r.tableID)" }
        let match = MatchFormatter.format(FlowMatch(r.match), priority: 0x8000, names: names)
        if !match.isEmpty { s += " " + match }
        return s
    }

    /// One update, starting with a newline: `event=ADDED table=0 cookie=0 MATCH actions=…`.
    public static func update(_ u: FlowUpdate, names: PortNames? = nil) -> String {
        switch u {
        case .abbreviated(let xid): return "\n event=ABBREV xid=0x" + String(xid, radix: 16)
        case .paused: return "\n event=PAUSED"
        case .resumed: return "\n event=RESUMED"
        case .unknown(let event, _): return "\n event=\(event.rawValue)"
        case .full(let f):
            var s = "\n event="
            switch f.event {
            case .initial: s += "INITIAL"
            case .added: s += "ADDED"
            case .modified: s += "MODIFIED"
            default:
                let reasons = ["idle", "hard", "delete", "group_delete", "meter_delete", "eviction"]
                s += "DELETED reason=" + (f.reason < reasons.count ? reasons[Int(f.reason)] : String(f.reason))
            }
            s += " table=\(f.tableID)"
            if f.idleTimeout != 0 { s += " idle_timeout=\(f.idleTimeout)" }
            if f.hardTimeout != 0 { s += " hard_timeout=\(f.hardTimeout)" }
            s += " cookie=" + (f.cookie == 0 ? "0" : "0x" + String(f.cookie, radix: 16)) + " "
            // ovs-ofctl leaves the priority out of updates (it formats the match with the default
            // priority), so the same flow at two priorities prints the same.
            s += MatchFormatter.format(FlowMatch(f.match), priority: 0x8000, names: names)
            if !f.instructions.isEmpty {
                if !s.hasSuffix(" ") { s += " " }
                s += "actions=" + ActionFormatter.format(f.instructions, names: names)
            }
            return s
        }
    }
}
