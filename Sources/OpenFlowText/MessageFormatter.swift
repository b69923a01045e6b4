import NIOCore
import OpenFlow

/// Whole messages as `ovs-ofctl ofp-print` prints them: a header naming the message, version
/// and xid, then the body. Covers the messages ofctl sends and receives; others print their
/// header and a note.
public enum MessageFormatter {
    public static func format(_ m: OFMessage, names: PortNames? = nil) -> String {
        var text = formatted(m, names: names)
        // As ovs-ofctl: trailing blanks go, and the message ends at its last line.
        while text.hasSuffix(" ") { text.removeLast() }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    static func formatted(_ m: OFMessage, names: PortNames?) -> String {
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
                let bytes = Array(data.readableBytesView)
                // A failed hello carries text, printed with OVS's escapes (a backslash and three
                // octal digits for anything but printable ASCII, quotes and backslashes included).
                if code.type == .helloFailed, code.code <= 1 {
                    let text = bytes.map { b in
                        b < 0x20 || b > 0x7e || b == 0x5c || b == 0x22
                            ? "\\" + String(repeating: "0", count: 3 - String(b, radix: 8).count) + String(b, radix: 8)
                            : String(UnicodeScalar(b))
                    }
                    return head("OFPT_ERROR") + " " + ErrorNames.name(code) + "\n" + text.joined()
                }
                // Otherwise the data is (the start of) the refused request, printed as ofp-print prints it.
                return head("OFPT_ERROR") + " " + ErrorNames.name(code) + "\n" + OfpPrint.format(bytes)
            case .experimenter:
                return head("OFPT_ERROR") + " " + ErrorNames.describe(e)
            }
        case .multipartRequest(let r):
            return head(statsName(r.body.type, reply: false)) + statsFlags(r.flags) + request(r, names: names)
        case .multipartReply(let r):
            return head(statsName(r.body.type, reply: true)) + statsFlags(r.flags) + reply(r, names: names)
        case .packetOut(let p): return head("OFPT_PACKET_OUT") + packetOut(p, names: names)
        case .getAsyncRequest: return head("OFPT_GET_ASYNC_REQUEST")
        case .getAsyncReply(let c): return head("OFPT_GET_ASYNC_REPLY") + AsyncConfigFormatter.format(c)
        case .setAsync(let c): return head("OFPT_SET_ASYNC") + AsyncConfigFormatter.format(c)
        case .portMod(let p): return head("OFPT_PORT_MOD") + PortModFormatter.format(p, names: names)
        case .meterMod(let mod): return head("OFPT_METER_MOD") + MeterFormatter.mod(mod)
        default:
            return head(name(m.type)) + " (ofctl does not print this message's body yet)"
        }
    }

    static func dump(_ b: ByteBuffer) -> String { HexDump.lines(b) }
}
