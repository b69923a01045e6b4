import OpenFlow

/// How ovs-ofctl writes and reads a field's value (meta-flow's "Formatting" of each field).
enum ValueFormat: Hashable, Sendable {
    case decimal
    case hexadecimal
    case ethernet
    case ipv4
    case ipv6
    /// An OpenFlow 1.1+ 32-bit port: a number or a reserved name.
    case port
    case ctState
    case tcpFlags
    case frag
}

/// A parsed value and optional mask, `width` bytes wide.
struct MaskedValue: Hashable, Sendable {
    var value: UInt128
    var mask: UInt128?
}

/// Value text to numbers and back, for every `ValueFormat`.
enum ValueSyntax {
    static func allOnes(bytes: Int) -> UInt128 { bytes >= 16 ? .max : (UInt128(1) << (bytes * 8)) - 1 }

    // MARK: Parsing

    /// Parses `text` (value, optionally `/mask`) for a field `bytes` wide. Throws a message.
    static func parse(_ text: String, format: ValueFormat, bytes: Int) throws(ValueError) -> MaskedValue {
        switch format {
        case .decimal, .hexadecimal:
            return try masked(text, bytes: bytes) { s throws(ValueError) in try integer(s, bytes: bytes) }
        case .ethernet:
            return try masked(text, bytes: 6) { s throws(ValueError) in try ethernet(s) }
        case .ipv4:
            return try ipv4Masked(text)
        case .ipv6:
            return try ipv6Masked(text)
        case .port:
            guard let port = PortSyntax.parse(text) else { throw ValueError("'\(text)' is not a port") }
            return MaskedValue(value: UInt128(port.rawValue), mask: nil)
        case .ctState:
            return try FlagSyntax.parse(text, names: FlagSyntax.ctState, width: 32)
        case .tcpFlags:
            return try FlagSyntax.parse(text, names: FlagSyntax.tcp, width: 12)
        case .frag:
            return try fragment(text)
        }
    }

    private static func masked(
        _ text: String, bytes: Int, _ one: (String) throws(ValueError) -> UInt128
    ) throws(ValueError) -> MaskedValue {
        if let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) {
            let value = try one(String(text[..<slash]))
            let mask = try one(String(text[text.index(after: slash)...]))
            return MaskedValue(value: value & mask, mask: mask == allOnes(bytes: bytes) ? nil : mask)
        }
        return MaskedValue(value: try one(text), mask: nil)
    }

    /// Decimal, `0x` hex, or (like ovs-ofctl) a leading-zero octal is not special: decimal.
    static func integer(_ text: String, bytes: Int) throws(ValueError) -> UInt128 {
        if let fast = smallInteger(text.utf8) {
            guard bytes >= 8 || fast <= UInt64(allOnes(bytes: bytes)) else {
                throw ValueError("\(text) does not fit in \(bytes * 8) bits")
            }
            return UInt128(fast)
        }
        let t = text.lowercased()
        let value: UInt128?
        if t.hasPrefix("0x") {
            let digits = t.dropFirst(2)
            value = digits.isEmpty || digits.count > 32 ? nil : UInt128(digits, radix: 16)
        } else {
            value = t.isEmpty || t.count > 39 ? nil : UInt128(t, radix: 10)
        }
        guard let value else { throw ValueError("'\(text)' is not a number") }
        guard bytes >= 16 || value <= allOnes(bytes: bytes) else {
            throw ValueError("\(text) does not fit in \(bytes * 8) bits")
        }
        return value
    }

    /// Decimal up to 18 digits or 0x hex up to 15 digits, straight from the bytes: nearly every
    /// number in a flow. Anything else (or empty) returns nil and takes the general path.
    @inline(__always)
    static func smallInteger(_ utf8: String.UTF8View) -> UInt64? {
        var v: UInt64 = 0
        var count = 0
        var i = utf8.startIndex
        if utf8.count > 2, utf8[i] == UInt8(ascii: "0"), utf8[utf8.index(after: i)] | 0x20 == UInt8(ascii: "x") {
            i = utf8.index(i, offsetBy: 2)
            while i < utf8.endIndex {
                guard let d = hexDigitValue(utf8[i]) else { return nil }
                v = v << 4 | UInt64(d)
                count += 1
                if count > 15 { return nil }
                i = utf8.index(after: i)
            }
            return count > 0 ? v : nil
        }
        while i < utf8.endIndex {
            let b = utf8[i]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + UInt64(b - UInt8(ascii: "0"))
            count += 1
            if count > 18 { return nil }
            i = utf8.index(after: i)
        }
        return count > 0 ? v : nil
    }

    static func ethernet(_ text: String) throws(ValueError) -> UInt128 {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { throw ValueError("'\(text)' is not an Ethernet address") }
        var v: UInt128 = 0
        for p in parts {
            guard p.count >= 1, p.count <= 2, let b = UInt8(p, radix: 16) else {
                throw ValueError("'\(text)' is not an Ethernet address")
            }
            v = v << 8 | UInt128(b)
        }
        return v
    }

    static func ipv4(_ text: String) throws(ValueError) -> UInt32 {
        guard let v = dottedQuad(text.utf8) else { throw ValueError("'\(text)' is not an IPv4 address") }
        return v
    }

    static func ipv4Masked(_ text: String) throws(ValueError) -> MaskedValue {
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else {
            return MaskedValue(value: UInt128(try ipv4(text)))
        }
        let address = try ipv4(String(text[..<slash]))
        let maskText = String(text[text.index(after: slash)...])
        let mask: UInt32
        if let bits = Int(maskText) {
            guard (0...32).contains(bits) else { throw ValueError("/\(bits) is not a prefix length (0-32)") }
            mask = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        } else {
            mask = try ipv4(maskText)
        }
        return MaskedValue(value: UInt128(address & mask), mask: mask == .max ? nil : UInt128(mask))
    }

    static func ipv6(_ text: String) throws(ValueError) -> UInt128 {
        guard let v = IPv6Syntax.parse(text) else { throw ValueError("'\(text)' is not an IPv6 address") }
        return v
    }

    static func ipv6Masked(_ text: String) throws(ValueError) -> MaskedValue {
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else { return MaskedValue(value: try ipv6(text)) }
        let address = try ipv6(String(text[..<slash]))
        let maskText = String(text[text.index(after: slash)...])
        let mask: UInt128
        if let bits = Int(maskText) {
            guard (0...128).contains(bits) else { throw ValueError("/\(bits) is not a prefix length (0-128)") }
            mask = bits == 0 ? 0 : UInt128.max << (128 - bits)
        } else {
            mask = try ipv6(maskText)
        }
        return MaskedValue(value: address & mask, mask: mask == .max ? nil : mask)
    }

    /// `no`, `yes`, `first`, `later`, `not_later` (OVS's nw_frag words) as value/mask of ip_frag.
    static func fragment(_ text: String) throws(ValueError) -> MaskedValue {
        switch text {
        case "no": return MaskedValue(value: 0, mask: 1)
        case "yes": return MaskedValue(value: 1, mask: 1)
        case "first": return MaskedValue(value: 1, mask: nil)
        case "later": return MaskedValue(value: 3, mask: nil)
        case "not_later": return MaskedValue(value: 0, mask: 2)
        default: throw ValueError("'\(text)' is not a fragment type (no, yes, first, later, not_later)")
        }
    }

    // MARK: Formatting

    /// `%#x`: "0" for zero, else 0x-prefixed lowercase hex.
    static func hexC(_ v: UInt128) -> String { v == 0 ? "0" : "0x" + String(v, radix: 16) }

    /// ovs's ds_put_hex: like `%#x` over the field's bytes.
    static func hex(_ v: UInt128) -> String { hexC(v) }

    static func ethernet(_ v: UInt128) -> String { EthernetAddress(UInt64(truncatingIfNeeded: v)).description }

    static func ipv4(_ v: UInt32) -> String {
        "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
    }

    static func ipv4Masked(_ v: UInt32, _ mask: UInt32) -> String {
        var s = ipv4(v)
        if mask != .max {
            let bits = mask.nonzeroBitCount
            if mask == (bits == 0 ? 0 : ~UInt32(0) << (32 - bits)) { s += "/\(bits)" } else { s += "/" + ipv4(mask) }
        }
        return s
    }

    static func ipv6Masked(_ v: UInt128, _ mask: UInt128) -> String {
        var s = IPv6Syntax.format(v)
        if mask != .max {
            let bits = mask.nonzeroBitCount
            if mask == (bits == 0 ? 0 : UInt128.max << (128 - bits)) {
                s += "/\(bits)"
            } else {
                s += "/" + IPv6Syntax.format(mask)
            }
        }
        return s
    }

    /// meta-flow's mf_format: the value (and mask when partial) as the field's format prints it.
    static func format(_ value: UInt128, mask: UInt128?, format: ValueFormat, bytes: Int) -> String {
        let full = allOnes(bytes: bytes)
        let m = mask == full ? nil : mask
        if let m, m == 0 { return "ANY" }
        switch format {
        case .decimal, .hexadecimal, .port:
            var s: String
            if format == .port && m == nil {
                s = PortSyntax.format(PortNumber(UInt32(truncatingIfNeeded: value)))
            } else {
                s = format == .hexadecimal ? hex(value) : String(value)
            }
            if let m { s += "/" + hex(m) }
            return s
        case .ethernet:
            return ethernet(value) + (m.map { "/" + ethernet($0) } ?? "")
        case .ipv4:
            return ipv4Masked(UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: m ?? full))
        case .ipv6:
            return ipv6Masked(value, m ?? .max)
        case .ctState:
            return FlagSyntax.format(value, mask: m ?? full, names: FlagSyntax.ctState, full: 0xff, separator: "|")
        case .tcpFlags:
            return FlagSyntax.format(value, mask: m ?? 0xfff, names: FlagSyntax.tcp, full: 0xfff, separator: "|")
        case .frag:
            return FragSyntax.format(UInt8(truncatingIfNeeded: value), mask: UInt8(truncatingIfNeeded: m ?? 3))
        }
    }
}

/// A value that does not parse; the caller adds position and token.
struct ValueError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The value of one hexadecimal digit's ASCII byte, either case; nil for any other byte.
@inline(__always)
func hexDigitValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
    default: nil
    }
}

/// A dotted quad read straight from its bytes (`10.0.0.1`; each part 0-255, at most three
/// digits); nil for anything else, including a trailing prefix.
@inline(__always)
func dottedQuad<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32? {
    var v: UInt32 = 0
    var octet: UInt32 = 0
    var digits = 0
    var dots = 0
    for b in bytes {
        if b == UInt8(ascii: ".") {
            guard digits > 0, dots < 3 else { return nil }
            v = v << 8 | octet
            octet = 0
            digits = 0
            dots += 1
        } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
            octet = octet * 10 + UInt32(b - UInt8(ascii: "0"))
            digits += 1
            guard digits <= 3, octet <= 255 else { return nil }
        } else {
            return nil
        }
    }
    guard dots == 3, digits > 0 else { return nil }
    return v << 8 | octet
}
