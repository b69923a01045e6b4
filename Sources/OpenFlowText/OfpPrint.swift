import NIOCore
import OpenFlow

/// The bytes of one OpenFlow message as `ovs-ofctl ofp-print HEX` prints them. Besides the
/// decoded message this covers what ovs-ofctl says about bytes it does not accept: empty,
/// short or truncated input, trailing bytes, and messages it refuses to decode (OVSRefusal),
/// each followed by a hex dump of the input.
public enum OfpPrint {
    public static func format(_ bytes: [UInt8], names: PortNames? = nil) -> String {
        guard !bytes.isEmpty else { return "OpenFlow message is empty" }
        guard bytes.count >= OFHeader.size else {
            return "OpenFlow packet too short (only \(bytes.count) bytes):" + HexDump.lines(bytes)
        }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        if length > bytes.count {
            // OVS names the message when the header alone says what it is.
            let head = partialHead(bytes).map { $0 + "\n" } ?? ""
            return head + "(***truncated to \(bytes.count) bytes from \(length)***)" + HexDump.lines(bytes)
        }
        if length < bytes.count {
            return "(***only uses \(length) bytes out of \(bytes.count)***)" + HexDump.lines(bytes)
        }
        let message: OFMessage
        do {
            message = try OFMessage(bytes: ByteBuffer(bytes: bytes))
        } catch {
            return "***decode error: \(ErrorNames.name(error.code))***" + HexDump.lines(bytes)
        }
        if let refusal = OVSRefusal.check(message) {
            return refusal.text(message) + HexDump.lines(bytes)
        }
        return MessageFormatter.format(message, names: names)
    }

    /// `OFPT_X (OF1.4) (xid=0x…):` from the header of an OpenFlow 1.4 message, when its type is
    /// one OVS knows (multipart messages need their 2-byte type too).
    static func partialHead(_ bytes: [UInt8]) -> String? {
        guard bytes[0] == OpenFlowVersion.wire, Int(bytes[1]) < MessageFormatter.typeNames.count else { return nil }
        let xid = UInt32(bytes[4]) << 24 | UInt32(bytes[5]) << 16 | UInt32(bytes[6]) << 8 | UInt32(bytes[7])
        var name = MessageFormatter.typeNames[Int(bytes[1])]
        if bytes[1] == 18 || bytes[1] == 19 {
            guard bytes.count >= 10 else { return nil }
            let type = MultipartType(rawValue: UInt16(bytes[8]) << 8 | UInt16(bytes[9]))
            guard MessageFormatter.statsNames[type.rawValue] != nil else { return nil }
            name = MessageFormatter.statsName(type, reply: bytes[1] == 19)
        }
        return "\(name) (OF1.4) (xid=0x\(String(xid, radix: 16))):"
    }
}
