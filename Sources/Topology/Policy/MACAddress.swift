/// An Ethernet address, the low 48 bits of `value`.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    /// `aa:bb:cc:dd:ee:ff` (hex digits, either case).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var value: UInt64 = 0
        for part in parts {
            guard part.count == 2, let octet = UInt8(part, radix: 16) else { return nil }
            value = value << 8 | UInt64(octet)
        }
        self.value = value
    }

    /// A locally administered unicast address derived from an IPv4 address: the MAC Switchboard
    /// answers ARP with for a virtual address no host owns (`02:5b:` + the four address bytes).
    public init(virtualFor address: IPv4Address) {
        self.init(0x025B_0000_0000 | UInt64(address.value))
    }

    public var description: String {
        (0..<6).reversed().map { shift in
            let octet = UInt8(truncatingIfNeeded: value >> (UInt64(shift) * 8))
            return (octet < 16 ? "0" : "") + String(octet, radix: 16)
        }.joined(separator: ":")
    }
}
