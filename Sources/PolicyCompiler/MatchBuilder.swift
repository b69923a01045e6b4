import OpenFlow
import Topology

/// Builds OXM matches in the order OVS prints them, with the prerequisites each field needs.
struct MatchBuilder {
    private(set) var fields: [OXMField] = []

    /// Room for a rule's fields up front: growing from empty reallocated three times a match.
    init() { fields.reserveCapacity(8) }

    mutating func inPort(_ number: UInt32) { fields.append(KnownField.inPort(UInt128(number))) }
    mutating func vlan(_ vid: UInt16) { fields.append(KnownField.vlanVID(UInt128(0x1000 | vid))) }
    mutating func ethType(_ type: UInt16) { fields.append(KnownField.ethType(UInt128(type))) }
    mutating func ipProto(_ proto: TransportProtocol) { fields.append(KnownField.ipProto(UInt128(proto.number))) }
    mutating func arpOp(_ op: UInt16) { fields.append(KnownField.arpOp(UInt128(op))) }
    mutating func arpTarget(_ address: IPv4Address) { fields.append(KnownField.arpTPA(UInt128(address.value))) }
    mutating func arpSender(_ address: IPv4Address) { fields.append(KnownField.arpSPA(UInt128(address.value))) }
    mutating func ethDestination(_ mac: MACAddress) { fields.append(KnownField.ethDst(UInt128(mac.value))) }

    /// `ct_state`, with the bits that must be set and those that must be clear.
    mutating func ctState(set: UInt32, clear: UInt32 = 0) {
        fields.append(KnownField.ctState(UInt128(set), mask: UInt128(set | clear)))
    }

    mutating func ipv4Source(_ network: IPv4Network) { address(.ipv4Src, network) }
    mutating func ipv4Destination(_ network: IPv4Network) { address(.ipv4Dst, network) }

    private mutating func address(_ field: KnownField, _ network: IPv4Network) {
        guard !network.isAny else { return }
        fields.append(
            field(UInt128(network.address.value), mask: network.isHost ? nil : UInt128(network.mask)))
    }

    mutating func sourcePort(_ proto: TransportProtocol, _ block: MaskedPort) {
        port(KnownField.sourcePort(proto), block)
    }

    mutating func destinationPort(_ proto: TransportProtocol, _ block: MaskedPort) {
        port(KnownField.destinationPort(proto), block)
    }

    private mutating func port(_ field: KnownField, _ block: MaskedPort) {
        fields.append(field(UInt128(block.value), mask: block.mask == 0xFFFF ? nil : UInt128(block.mask)))
    }

    /// `other`'s fields after these (a prefix such as `in_port` put in front of a rule's match).
    mutating func append(_ other: MatchBuilder) { fields += other.fields }

    var match: Match { Match(fields) }
}

/// A port value and mask: one prefix-aligned block of a range.
struct MaskedPort: Hashable, Sendable {
    var value: UInt16
    var mask: UInt16
}

extension PortRange {
    /// The fewest value/mask pairs that together match exactly this range (OpenFlow matches ports
    /// by mask, not by range): 1000-1999 becomes 1000/0xfff8, 1008/0xfff0, ...
    var maskedBlocks: [MaskedPort] {
        var blocks: [MaskedPort] = []
        var start = UInt32(lower)
        let end = UInt32(upper)
        while start <= end {
            var size: UInt32 = 1
            while start & (size * 2 - 1) == 0, start + size * 2 - 1 <= end, size < 0x10000 { size *= 2 }
            blocks.append(MaskedPort(value: UInt16(start), mask: UInt16(truncatingIfNeeded: ~(size - 1))))
            start += size
        }
        return blocks
    }
}

/// The OpenFlow actions the compiler uses, spelled once.
enum Actions {
    static func setEthDst(_ mac: MACAddress) -> Action { .setField(KnownField.ethDst(UInt128(mac.value))) }
    static func setEthSrc(_ mac: MACAddress) -> Action { .setField(KnownField.ethSrc(UInt128(mac.value))) }
    static func setIPv4Dst(_ a: IPv4Address) -> Action { .setField(KnownField.ipv4Dst(UInt128(a.value))) }
    static func setIPv4Src(_ a: IPv4Address) -> Action { .setField(KnownField.ipv4Src(UInt128(a.value))) }

    static func setDestinationPort(_ proto: TransportProtocol, _ port: UInt16) -> Action {
        .setField(KnownField.destinationPort(proto)(UInt128(port)))
    }

    static func setSourcePort(_ proto: TransportProtocol, _ port: UInt16) -> Action {
        .setField(KnownField.sourcePort(proto)(UInt128(port)))
    }

    /// OpenFlow forbids set_field on the OXM in_port (OVS refuses it: OFPBAC_BAD_SET_ARGUMENT), so
    /// this sets the 16-bit NXM_OF_IN_PORT, the bytes ovs-ofctl sends for `set_field:N->in_port`.
    static func setInPort(_ port: UInt32) -> Action {
        .setField(KnownField.nxmInPort(UInt128(UInt16(truncatingIfNeeded: port))))
    }

    static func output(_ port: UInt32) -> Action { .output(port: PortNumber(rawValue: port)) }
    static func resubmit(_ table: UInt8) -> Action { .nicira(.resubmitTable(inPort: 0xFFF8, table: table)) }

    static func move(_ bits: UInt16, from source: OXMFieldID, to destination: OXMFieldID) -> Action {
        .nicira(.regMove(.init(nBits: bits, src: OXMHeader(source), dst: OXMHeader(destination))))
    }

    /// `ct(zone=Z,nat,table=T)`: track (and un-NAT established traffic), continue in table T.
    static func track(zone: UInt16, then table: UInt8) -> Action {
        .nicira(.ct(.init(zone: .immediate(zone), recirculateTable: table, actions: [.nicira(.nat(.init()))])))
    }

    /// `ct(commit,zone=Z,nat(dst=…|src=…))`.
    static func commit(zone: UInt16, nat: NiciraAction.NAT) -> Action {
        .nicira(.ct(.init(flags: .commit, zone: .immediate(zone), actions: [.nicira(.nat(nat))])))
    }
}
