import NIOCore
import OpenFlow

/// The asynchronous messages `ovs-ofctl monitor` prints: port status, flow removed, packet in,
/// role status and table status. Each returns the text after the `NAME (OF1.4) (xid=...):` head.
extension MessageFormatter {
    static func portStatus(_ p: PortStatus) -> String {
        let reasons: [PortStatusReason: String] = [.add: " ADD:", .delete: " DEL:", .modify: " MOD:"]
        return (reasons[p.reason] ?? "") + SwitchFormatter.port(p.port).joined(separator: "\n")
    }

    static func flowRemoved(_ f: FlowRemoved, names: PortNames?) -> String {
        let reasons = ["idle", "hard", "delete", "group_delete", "meter_delete", "eviction"]
        let r = Int(f.reason.rawValue)
        var s = " " + MatchFormatter.format(FlowMatch(f.match), priority: f.priority, names: names)
        s += " reason=" + (r < reasons.count ? reasons[r] : String(r))
        if f.tableID != TableID.all { s += " table_id=\(f.tableID)" }
        if f.cookie != 0 { s += " cookie:0x" + String(f.cookie, radix: 16) }
        s += " duration" + FlowFormatter.duration(f.durationSec, f.durationNSec)
        s += " idle\(f.idleTimeout)"
        // OVS prints the hard timeout only when set (it was added in OpenFlow 1.2).
        if f.hardTimeout != 0 { s += " hard\(f.hardTimeout)" }
        return s + " pkts\(f.packetCount) bytes\(f.byteCount)"
    }

    /// ovs-ofctl's packet-in text: the metadata line, then the packet's parsed headers.
    static func packetIn(_ p: PacketIn, names: PortNames?) -> String {
        let reasons = ["no_match", "action", "invalid_ttl", "action_set", "group", "packet_out"]
        let r = Int(p.reason.rawValue)
        var s = ""
        if p.tableID != 0 { s += " table_id=\(p.tableID)" }
        s += " cookie=0x" + String(p.cookie, radix: 16) + " total_len=\(p.totalLength)"
        // The packet's metadata (in_port, tunnel, registers...) as a match, in_port in its place.
        let metadata = MatchFormatter.format(FlowMatch(p.match), priority: 0x8000, names: names)
        if !metadata.isEmpty { s += " " + metadata }
        s += " (via " + (r < reasons.count ? reasons[r] : String(r)) + ")"
        s += " data_len=\(p.data.readableBytes)"
        if p.bufferID == BufferID.noBuffer {
            s += " (unbuffered)"
        } else {
            let hex = String(p.bufferID, radix: 16)
            s += " buffer=0x" + String(repeating: "0", count: 8 - hex.count) + hex
        }
        return s + packet(p.data)
    }

    /// The packet's headers on their own line, as after a packet-in or packet-out.
    static func packet(_ data: ByteBuffer) -> String {
        data.readableBytes == 0 ? "" : "\n" + PacketFlowFormatter.format(Array(data.readableBytesView))
    }

    static func packetOut(_ p: PacketOut, names: PortNames?) -> String {
        var s = " in_port=" + PortSyntax.format(p.inPort, names: names)
        s += " actions=" + ActionFormatter.format(p.actions, names: names)
        guard p.bufferID == BufferID.noBuffer else {
            let hex = String(p.bufferID, radix: 16)
            return s + " buffer=0x" + String(repeating: "0", count: 8 - hex.count) + hex
        }
        return s + " data_len=\(p.data.readableBytes)" + packet(p.data)
    }

    static func roleStatus(_ r: RoleStatus) -> String {
        let names = ["nochange", "equal", "primary", "secondary"]
        let role = Int(r.role.rawValue) < names.count ? names[Int(r.role.rawValue)] : "\(r.role.rawValue)"
        var s = " role=\(role)"
        if r.generationID != .max { s += " generation_id=\(r.generationID)" }
        let reasons = ["primary_request", "configuration_changed", "experimenter_data_changed"]
        let reason = Int(r.reason.rawValue)
        return s + " reason=" + (reason < reasons.count ? reasons[reason] : "(unknown)")
    }

    static func tableStatus(_ t: TableStatus) -> String {
        var s = ""
        if t.reason == .vacancyDown { s += " reason=VACANCY_DOWN" }
        if t.reason == .vacancyUp { s += " reason=VACANCY_UP" }
        var table = TableDescFormatter.format(t.table)
        table.removeLast()
        return s + "\ntable_desc:-" + table
    }
}
