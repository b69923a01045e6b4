/// An IPv4 address held as its 32-bit value (network order when written to the wire).
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Dotted quad only (`10.0.0.1`); no shorthand forms, so `10.1` is an error rather than `10.0.0.1`.
    public init?(_ text: some StringProtocol) {
        // One pass over the bytes, no array of parts: a file of ten thousand rules parses ten
        // thousand of these. Only ASCII is an address, and in ASCII a byte is a character.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var value: UInt32 = 0
        var octets = 0
        var start = text.startIndex
        var index = text.startIndex
        while true {
            let atEnd = index == text.endIndex
            if atEnd || text.utf8[index] == UInt8(ascii: ".") {
                let part = text[start..<index]
                guard octets < 4, (1...3).contains(part.utf8.count), let octet = UInt8(part) else { return nil }
                value = value << 8 | UInt32(octet)
                octets += 1
                if atEnd { break }
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        guard octets == 4 else { return nil }
        self.value = value
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }
}

/// An IPv4 prefix (`10.0.0.0/24`); a bare address is a /32. Host bits must be zero, as a typo in
/// a firewall rule is likelier than a deliberate `10.0.0.7/24`.
public struct IPv4Network: Hashable, Sendable, CustomStringConvertible {
    public let address: IPv4Address
    public let prefixLength: Int

    public init?(address: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        let mask = Self.mask(prefixLength)
        guard address.value & ~mask == 0 else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The /32 of one address.
    public init(host: IPv4Address) {
        address = host
        prefixLength = 32
    }

    public init?(_ text: some StringProtocol) {
        // Cut at the first `/` byte rather than split into characters and an array: every
        // `-s`/`-d` of a rule file comes through here. Only ASCII parses as an address or a
        // length, and in ASCII a byte is a character, so what is accepted is unchanged.
        let slash = text.utf8.firstIndex(of: UInt8(ascii: "/"))
        guard let address = IPv4Address(text[..<(slash ?? text.endIndex)]) else { return nil }
        var length = 32
        if let slash {
            let digits = text[text.utf8.index(after: slash)...]
            guard let parsed = Int(digits), digits.allSatisfy(\.isNumber) else { return nil }
            length = parsed
        }
        self.init(address: address, prefixLength: length)
    }

    public var mask: UInt32 { Self.mask(prefixLength) }
    public var isAny: Bool { prefixLength == 0 }
    public var isHost: Bool { prefixLength == 32 }

    public func contains(_ other: IPv4Address) -> Bool { other.value & mask == address.value }

    public var description: String { isHost ? address.description : "\(address)/\(prefixLength)" }

    static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - length) }
}
