import NIOCore

/// Bytes as ovs-ofctl dumps them (OVS's hex dump with ASCII): 16 bytes a line, the offset
/// first, a `-` after the eighth byte of a line even when the line ends there.
enum HexDump {
    /// The lines, each after a newline (so the result appends to a header line).
    static func lines(_ b: ByteBuffer) -> String {
        lines(Array(b.readableBytesView))
    }

    static func lines(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "" }
        let digits = Array("0123456789abcdef")
        var s = ""
        var offset = 0
        while offset < bytes.count {
            let line = bytes[offset..<min(offset + 16, bytes.count)]
            let o = String(offset, radix: 16)
            s += "\n" + String(repeating: "0", count: 8 - o.count) + o + "  "
            for (i, byte) in line.enumerated() {
                s.append(digits[Int(byte >> 4)])
                s.append(digits[Int(byte & 15)])
                s += i == 7 ? "-" : " "
            }
            s += String(repeating: "   ", count: 16 - line.count) + "|"
            for byte in line { s += byte >= 0x20 && byte < 0x7f ? String(UnicodeScalar(byte)) : "." }
            s += String(repeating: " ", count: 16 - line.count) + "|"
            offset += 16
        }
        return s
    }
}
