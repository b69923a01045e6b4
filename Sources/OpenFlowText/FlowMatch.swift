import OpenFlow

/// A match the way ovs-ofctl thinks of it: one value/mask per field, whatever OXM or NXM
/// spelling carried it, with VLAN kept as one 802.1Q TCI (as OVS does) and the IP TOS byte
/// split into DSCP and ECN. Both the parser and the printer go through it, so that a match
/// read from the switch and one parsed from text compare equal when OVS would say they are.
public struct FlowMatch: Hashable, Sendable {
    /// One matched field, by its canonical id (OpenFlow basic where one exists).
    struct Entry: Hashable, Sendable {
        var rank: Int
        var id: OXMFieldID
        var value: MaskedValue
    }

    /// Kept sorted by rank, so equal matches have equal arrays. A flow matches a handful of
    /// fields: a linear scan beats hashing for the ~70 lookups printing a match makes.
    private(set) var entries: [Entry] = []
    /// 802.1Q TCI value and mask (CFI bit 0x1000 = a tag is present), when matched.
    var tci: (value: UInt16, mask: UInt16)?

    public init() {}

    public static func == (a: FlowMatch, b: FlowMatch) -> Bool {
        a.entries == b.entries && a.tci?.value == b.tci?.value && a.tci?.mask == b.tci?.mask
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
        hasher.combine(tci?.value)
        hasher.combine(tci?.mask)
    }

    subscript(id: OXMFieldID) -> MaskedValue? {
        get {
            for e in entries where e.id == id { return e.value }
            return nil
        }
        set {
            if let i = entries.firstIndex(where: { $0.id == id }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
                return
            }
            guard let newValue else { return }
            let r = Self.rank(id)
            let at = entries.firstIndex { $0.rank > r } ?? entries.count
            entries.insert(Entry(rank: r, id: id, value: newValue), at: at)
        }
    }

    /// Value when the field is matched exactly (or at all, if `anyMask`).
    func exact(_ id: OXMFieldID) -> UInt128? {
        guard let f = self[id], f.mask == nil else { return nil }
        return f.value
    }

    var ethType: UInt16? { exact(.ethType).map { UInt16(truncatingIfNeeded: $0) } }
    var ipProto: UInt8? { exact(.ipProto).map { UInt8(truncatingIfNeeded: $0) } }
    var isIPv4: Bool { ethType == 0x0800 }
    var isIPv6: Bool { ethType == 0x86DD }
    var isARP: Bool { ethType == 0x0806 || ethType == 0x8035 }
    /// Whether the packet carries a VLAN tag at this point (matched with CFI set).
    var hasVLAN: Bool {
        guard let tci else { return false }
        return tci.mask & 0x1000 != 0 && tci.value & 0x1000 != 0
    }

    // MARK: From the wire

    /// Normalizes an OXM match (any mix of OXM, NXM and ONF spellings).
    public init(_ match: Match) {
        for field in match.fields { add(field) }
    }

    mutating func add(_ field: OXMField) {
        let width = field.value.width
        let full = ValueSyntax.allOnes(bytes: width)
        var mv = MaskedValue(value: field.value.integer, mask: field.mask.map(\.integer))
        if mv.mask == full { mv.mask = nil }
        switch field.id {
        case .vlanVID:
            var t = tci ?? (0, 0)
            let m = UInt16(truncatingIfNeeded: mv.mask ?? 0x1fff) & 0x1fff
            t.value = (t.value & ~0x1fff) | (UInt16(truncatingIfNeeded: mv.value) & m)
            t.mask |= m
            tci = t
        case .vlanPCP:
            var t = tci ?? (0, 0)
            t.value = (t.value & 0x1fff) | UInt16(truncatingIfNeeded: mv.value & 7) << 13
            t.mask |= 0xe000
            tci = t
        case .vlanTCI:
            tci = (UInt16(truncatingIfNeeded: mv.value), UInt16(truncatingIfNeeded: mv.mask ?? 0xffff))
        case .nxmInPort:
            let p = UInt32(truncatingIfNeeded: mv.value)
            self[.inPort] = MaskedValue(value: UInt128(p >= 0xff00 ? p + 0xffff_0000 : p))
        case .nxmIPTOS:
            self[.ipDSCP] = MaskedValue(value: mv.value >> 2)
        case .ctState:
            let m = (mv.mask ?? 0xff) & 0xff
            self[.ctState] = MaskedValue(value: mv.value & 0xff, mask: m == 0xff ? nil : m)
        default:
            let id = field.id.descriptor?.canonical ?? field.id
            self[id] = mv
        }
    }

    // MARK: To the wire

    /// The OXM match OpenFlow 1.4 carries. Like ovs-ofctl, a field whose prerequisites the
    /// match does not establish (`tp_dst` without `tcp`) is left out rather than refused.
    public var match: Match {
        var list: [OXMField] = []
        // Rank each field once, not on every comparison of the sort.
        list.reserveCapacity(entries.count + 2)
        for entry in entries {
            let id = entry.id
            let mv = entry.value
            let wire = Self.wireID(id)
            let width = id.descriptor?.width ?? FieldTable.field(for: id)?.bytes ?? 4
            var value = mv.value
            var mask = mv.mask
            if id == .ctState, let m = mask { mask = m & 0xff }
            if id == .ctState, mask == nil { mask = nil }
            value &= mask ?? ValueSyntax.allOnes(bytes: width)
            list.append(
                OXMField(id: wire, value: OXMValue(value, width: width), mask: mask.map { OXMValue($0, width: width) }))
        }
        if let tci {
            // OVS's OF1.2+ encoding: VID and CFI as vlan_vid, PCP as vlan_pcp when a tag is required.
            let vidMask = tci.mask & 0x1fff
            let vid = tci.value & 0x1fff
            var vlan: [OXMField] = []
            if vidMask == 0x1fff {
                vlan.append(OXMField(.vlanVID, UInt128(vid)))
            } else if vidMask != 0 {
                vlan.append(OXMField(.vlanVID, UInt128(vid), mask: UInt128(vidMask)))
            }
            if vid != 0 && tci.mask & 0xe000 != 0 {
                vlan.append(OXMField(.vlanPCP, UInt128(tci.value >> 13)))
            }
            let at = list.firstIndex { Self.rank($0.id) > Self.rank(.vlanVID) } ?? list.count
            list.insert(contentsOf: vlan, at: at)
        }
        let kept = list.filter { field in
            guard let d = field.id.descriptor else { return true }
            return d.prerequisites.allSatisfy { Self.satisfies($0, list) }
        }
        return Match(kept)
    }

    /// As `Match.satisfies`, on the field list (no re-decoding of the encoded match per check).
    static func satisfies(_ p: OXMPrerequisite, _ list: [OXMField]) -> Bool {
        for field in list where field.id == p.field || field.id.descriptor?.canonical == p.field {
            let need = p.mask ?? UInt128.max
            let have = field.mask?.integer ?? UInt128.max
            guard have & need == need else { continue }
            if p.values.contains(field.value.integer & need) { return true }
        }
        return false
    }

    static func wireID(_ id: OXMFieldID) -> OXMFieldID {
        switch id {
        case .tcpFlags: .nxmTCPFlags
        case .actsetOutput: .onfActsetOutput
        default: id
        }
    }

    /// Roughly the order OVS's nx_put_match writes fields in; any fixed order would do.
    static let order: [OXMFieldID] = [
        .inPort, .ethDst, .ethSrc, .ethType, .vlanVID, .vlanPCP, .mplsLabel, .mplsTC, .mplsBOS, .mplsTTL,
        .ipv4Src, .ipv4Dst, .ipv6Src, .ipv6Dst, .ipv6FLabel, .ipProto, .ipDSCP, .ipECN, .ipTTL, .ipFrag,
        .tcpSrc, .tcpDst, .tcpFlags, .udpSrc, .udpDst, .sctpSrc, .sctpDst, .icmpv4Type, .icmpv4Code,
        .icmpv6Type, .icmpv6Code, .ipv6NDTarget, .ipv6NDSLL, .ipv6NDTLL, .arpOp, .arpSPA, .arpTPA, .arpSHA,
        .arpTHA, .tunnelID, .tunSrc, .tunDst, .tunIPv6Src, .tunIPv6Dst, .tunGBPID, .tunGBPFlags, .metadata,
        .pktMark, .dpHash, .recircID, .conjID, .ctState, .ctZone, .ctMark, .ctLabel, .ctNWProto, .ctNWSrc,
        .ctNWDst, .ctIPv6Src, .ctIPv6Dst, .ctTPSrc, .ctTPDst,
    ]
    private static let ranks: [OXMFieldID: Int] = {
        var d: [OXMFieldID: Int] = [:]
        for (i, id) in order.enumerated() { d[id] = i }
        return d
    }()

    static func rank(_ id: OXMFieldID) -> Int {
        if let r = ranks[id] { return r }
        if id.oxmClass == .nxm1 && id.field < 16 { return 1000 + Int(id.field) }  // registers
        return 2000 + Int(id.oxmClass.rawValue) * 128 + Int(id.field)
    }
}

extension FlowMatch {
    /// The value of a field named as ovs-ofctl names it (`tcp_dst`, `tp_dst`, `nw_src`, `reg0`),
    /// for sorting; nil when the match does not constrain it.
    public func value(of name: String) -> UInt128? {
        switch name {
        // Like ovs-ofctl, an alias means its field: tp_dst is tcp_dst, so UDP flows lack it.
        case "dl_vlan", "vlan_tci": return tci.map { UInt128($0.value) }
        default:
            guard let field = FieldTable.named(name) else { return nil }
            let id = field.oxm.descriptor?.canonical ?? field.oxm
            return self[id]?.value
        }
    }
}
