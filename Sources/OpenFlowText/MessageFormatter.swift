import NIOCore
import OpenFlow

/// Whole messages as `ovs-ofctl ofp-print` prints them: a header naming the message, version
/// and xid, then the body. Covers the messages ofctl sends and receives; others print their
/// header and a note.
public enum MessageFormatter {
    public static func format(_ m: OFMessage, names: PortNames? = nil) -> String {
        let xid = "(xid=0x\(String(m.xid, radix: 16)))"
        func head(_ name: String) -> String { "\(name) (OF1.4) \(xid):" }
        switch m.body {
        case .hello(let h): return head("OFPT_HELLO") + hello(h)
        case .setConfig(let c): return head("OFPT_SET_CONFIG") + config(c)
        case .getConfigReply(let c): return head("OFPT_GET_CONFIG_REPLY") + config(c)
        case .roleRequest(let r): return head("OFPT_ROLE_REQUEST") + role(r)
        case .roleReply(let r): return head("OFPT_ROLE_REPLY") + role(r)
        case .bundleControl(let b): return head("OFPT_BUNDLE_CONTROL") + bundleControl(b)
        case .echoRequest(let p): return head("OFPT_ECHO_REQUEST") + " \(p.readableBytes) bytes of payload" + dump(p)
        case .echoReply(let p): return head("OFPT_ECHO_REPLY") + " \(p.readableBytes) bytes of payload" + dump(p)
        case .barrierRequest: return head("OFPT_BARRIER_REQUEST")
        case .barrierReply: return head("OFPT_BARRIER_REPLY")
        case .featuresRequest: return head("OFPT_FEATURES_REQUEST")
        case .getConfigRequest: return head("OFPT_GET_CONFIG_REQUEST")
        case .featuresReply(let f):
            let dpid = String(f.datapathID, radix: 16)
            var s = head("OFPT_FEATURES_REPLY") + " dpid:" + String(repeating: "0", count: 16 - dpid.count) + dpid
            s += "\nn_tables:\(f.nTables), n_buffers:\(f.nBuffers)"
            if f.auxiliaryID != 0 { s += ", auxiliary_id:\(f.auxiliaryID)" }
            return s + "\n" + SwitchFormatter.features(f)[1]
        case .flowMod(let mod): return head("OFPT_FLOW_MOD") + FlowFormatter.format(mod, names: names)
        case .portStatus(let p): return head("OFPT_PORT_STATUS") + portStatus(p)
        case .flowRemoved(let f): return head("OFPT_FLOW_REMOVED") + flowRemoved(f, names: names)
        case .packetIn(let p): return head("OFPT_PACKET_IN") + packetIn(p, names: names)
        case .roleStatus(let r): return head("OFPT_ROLE_STATUS") + roleStatus(r)
        case .tableStatus(let t): return head("OFPT_TABLE_STATUS") + tableStatus(t)
        case .groupMod(let g):
            let command = ["ADD", "MOD", "DEL"]
            let c = Int(g.command.rawValue) < 3 ? command[Int(g.command.rawValue)] : "cmd:\(g.command.rawValue)"
            return head("OFPT_GROUP_MOD") + "\n \(c) "
                + GroupSyntax.format(groupID: g.groupID, type: g.type, buckets: g.buckets, names: names)
        case .error(let e):
            switch e {
            case .standard(let code, let data):
                return head("OFPT_ERROR") + " " + ErrorNames.name(code) + dump(data)
            case .experimenter:
                return head("OFPT_ERROR") + " " + ErrorNames.describe(e)
            }
        case .multipartRequest(let r):
            switch r.body {
            case .desc: return head("OFPST_DESC request")
            case .flow(let f): return head("OFPST_FLOW request") + request(f, names: names)
            case .aggregate(let f): return head("OFPST_AGGREGATE request") + request(f, names: names)
            case .table: return head("OFPST_TABLE request")
            case .groupDesc: return head("OFPST_GROUP_DESC request") + " group_id=ALL"
            case .groupFeatures: return head("OFPST_GROUP_FEATURES request")
            case .tableFeatures(let t):
                return head("OFPST_TABLE_FEATURES request") + more(r.flags) + tableFeatures(t)
            case .group(let id): return head("OFPST_GROUP request") + " group_id=" + GroupStatsFormatter.groupID(id)
            case .portDesc: return head("OFPST_PORT_DESC request") + " port=ANY"
            default: return head("OFPST_\(r.body.type) request")
            }
        case .multipartReply(let r):
            switch r.body {
            case .flow(let flows):
                return ([head("OFPST_FLOW reply")] + flows.map { " " + FlowFormatter.format($0, names: names) })
                    .joined(separator: "\n")
            case .tableFeatures(let t):
                return head("OFPST_TABLE_FEATURES reply") + more(r.flags) + tableFeatures(t)
            case .group(let stats):
                return ([head("OFPST_GROUP reply")] + stats.map(GroupStatsFormatter.stats)).joined(separator: "\n")
            case .groupFeatures(let f):
                return ([head("OFPST_GROUP_FEATURES reply")] + GroupStatsFormatter.features(f)).joined(separator: "\n")
            case .aggregate(let a):
                return head("OFPST_AGGREGATE reply")
                    + " packet_count=\(a.packetCount) byte_count=\(a.byteCount) flow_count=\(a.flowCount)"
            case .groupDesc(let groups):
                return ([head("OFPST_GROUP_DESC reply")] + groups.map { " " + GroupSyntax.format($0, names: names) })
                    .joined(separator: "\n")
            case .portDesc(let ports):
                return
                    ([head("OFPST_PORT_DESC reply")] + SwitchFormatter.sortedPorts(ports).flatMap(SwitchFormatter.port))
                    .joined(separator: "\n")
            case .table(let tables):
                var s = head("OFPST_TABLE reply") + SwitchFormatter.tables(tables)
                if s.hasSuffix("\n") { s.removeLast() }
                return s
            default:
                return head("OFPST_\(r.body.type) reply")
            }
        default:
            return head(name(m.type)) + " (ofctl does not print this message's body yet)"
        }
    }

    static func more(_ flags: MultipartFlags) -> String { flags.contains(.more) ? " flags=[more]" : "" }

    /// As in `dump-table-features`, each table on its own line after the head.
    static func tableFeatures(_ tables: [TableFeatures]) -> String {
        guard !tables.isEmpty else { return "" }
        var text = "\n" + TableFeaturesFormatter.format(tables)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    static func request(_ f: FlowStatsRequest, names: PortNames?) -> String {
        var s = ""
        if f.tableID != TableID.all { s += " table=\(f.tableID)" }
        if f.outPort != .any { s += " out_port=" + PortSyntax.format(f.outPort, names: names) }
        let match = MatchFormatter.format(FlowMatch(f.match), priority: 0x8000, names: names)
        if !match.isEmpty { s += " " + match }
        return s
    }

    /// ovs's ds_put_hex_dump with ASCII: 16 bytes a line, offset first.
    static func dump(_ b: ByteBuffer) -> String {
        let bytes = Array(b.readableBytesView)
        guard !bytes.isEmpty else { return "" }
        var s = ""
        var offset = 0
        while offset < bytes.count {
            let line = bytes[offset..<min(offset + 16, bytes.count)]
            let o = String(offset, radix: 16)
            s += "\n" + String(repeating: "0", count: 8 - o.count) + o + " "
            for (i, byte) in line.enumerated() {
                s += (i == 8 ? "-" : " ") + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
            s += String(repeating: "   ", count: 16 - line.count) + " |"
            for byte in line { s += byte >= 0x20 && byte < 0x7f ? String(UnicodeScalar(byte)) : "." }
            s += String(repeating: " ", count: 16 - line.count) + "|"
            offset += 16
        }
        return s
    }
}
