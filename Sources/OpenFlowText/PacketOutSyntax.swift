import NIOCore
import OpenFlow

/// `ovs-ofctl packet-out`'s arguments: `in_port=P,packet=HEX,actions=A` (one string), or the
/// older `IN_PORT ACTIONS PACKET` form. Both become OFPT_PACKET_OUT messages without a buffer.
public enum PacketOutSyntax {
    /// The one-string form. Like ovs-ofctl, `actions=` comes last and takes the rest.
    public static func parse(_ text: String, names: PortNames? = nil) throws(SyntaxError) -> PacketOut {
        let (head, actionsText, actionsColumn) = FlowParser.split(text)
        guard let actionsText else {
            throw SyntaxError(
                "must specify actions", column: 1, token: text, expected: "in_port=P,packet=HEX,actions=A")
        }
        // OpenFlow 1.4's packet-out carries no match: "none" is how OVS spells OFPP_NONE/ANY.
        var out = PacketOut(inPort: .any, actions: [])
        var packet: ByteBuffer?
        for t in try Tokenizer.tokens(head) {
            switch t.key {
            case "in_port":
                out.inPort = try port(t.value ?? "", names: names, column: t.valueColumn)
            case "packet":
                packet = try hex(t.value ?? "", column: t.valueColumn)
            default:
                throw SyntaxError(
                    "'\(t.key)' is not supported in an OpenFlow 1.4 packet-out", column: t.column, token: t.text,
                    expected: "in_port=, packet= and actions=")
            }
        }
        guard let packet else {
            throw SyntaxError("must specify packet", column: 1, token: text, expected: "packet=HEX (an Ethernet frame)")
        }
        out.data = packet
        out.actions = try actions(String(actionsText), names: names, column: actionsColumn)
        return out
    }

    /// The older form: one PACKET_OUT per packet, all with the same in_port and actions.
    public static func parse(
        inPort: String, actions text: String, packets: [String], names: PortNames? = nil
    ) throws(SyntaxError) -> [PacketOut] {
        let port = try port(inPort, names: names, column: 1)
        let list = try actions(text, names: names, column: 1)
        var result: [PacketOut] = []
        for p in packets {
            result.append(PacketOut(inPort: port, actions: list, data: try hex(p, column: 1)))
        }
        return result
    }

    static func port(_ text: String, names: PortNames?, column: Int) throws(SyntaxError) -> PortNumber {
        if let p = PortSyntax.parse(text) { return p }
        if let n = names?.byName[text] { return PortNumber(n) }
        throw SyntaxError(
            "in_port: unknown port '\(text)'", column: column, token: text,
            expected: "a port number, a port name or LOCAL, CONTROLLER, NONE")
    }

    /// Hex digits, two per byte; white space between bytes is allowed (as ovs-ofctl allows).
    static func hex(_ text: String, column: Int) throws(SyntaxError) -> ByteBuffer {
        var bytes: [UInt8] = []
        var pending: UInt8?
        for (i, c) in text.enumerated() {
            if c == " " || c == "\t" || c == "\n", pending == nil { continue }
            guard let v = c.hexDigitValue else {
                throw SyntaxError(
                    "trailing garbage in packet data", column: column + i, token: String(c),
                    expected: "hexadecimal digits, two per byte")
            }
            if let high = pending {
                bytes.append(high << 4 | UInt8(v))
                pending = nil
            } else {
                pending = UInt8(v)
            }
        }
        if pending != nil {
            throw SyntaxError(
                "packet data has an odd number of hex digits", column: column, token: text,
                expected: "hexadecimal digits, two per byte")
        }
        guard bytes.count >= 14 else {
            throw SyntaxError(
                "packet data too short for Ethernet (\(bytes.count) bytes)", column: column, token: text,
                expected: "at least 14 bytes")
        }
        var b = ByteBuffer()
        b.writeBytes(bytes)
        return b
    }

    /// Actions as in a flow's `actions=`, which must be plain actions: a packet-out has no instructions.
    static func actions(_ text: String, names: PortNames?, column: Int) throws(SyntaxError) -> [Action] {
        let mod: FlowMod
        do {
            mod = try FlowParser.parse("actions=" + text, names: names)
        } catch {
            throw error.shifted(by: column - 1 - "actions=".count)
        }
        var list: [Action] = []
        for i in mod.instructions {
            guard case .applyActions(let a) = i else {
                throw SyntaxError(
                    "a packet-out takes actions only, not instructions", column: column, token: text,
                    expected: "actions such as output:N, normal, set_field:V->F")
            }
            list += a
        }
        return list
    }
}
