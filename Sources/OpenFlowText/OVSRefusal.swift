import OpenFlow

/// Messages that OpenFlow 1.4 allows, and our codec decodes, but that the decoder of Open
/// vSwitch 3.1 refuses. ovs-ofctl ofp-print then prints `***decode error: NAME***` and a hex
/// dump instead of the message, so `OfpPrint` does the same. Each rule here restates one
/// check of OVS's decoder (lib/ofp-*.c, nx-match.c); rules are tried in OVS's order, the
/// first failure wins.
struct OVSRefusal: Equatable {
    /// The OVS error name, such as `OFPBAC_BAD_SET_LEN`.
    var error: String
    /// False when OVS fails before it knows what the message is (an unknown experimenter):
    /// then it prints no `NAME (OF1.4) (xid=…):` head.
    var namesMessage = true
    /// What OVS printed before it reached the refused part: the entries of a reply that
    /// decoded, each starting with a newline.
    var printed = ""

    /// The text before the hex dump.
    func text(_ m: OFMessage) -> String {
        let decodeError = "***decode error: \(error)***"
        guard namesMessage else { return decodeError }
        var s = MessageFormatter.head(m)
        if printed.isEmpty { return s + " " + decodeError }
        s += printed
        while s.hasSuffix(" ") { s.removeLast() }
        if !s.hasSuffix("\n") { s += "\n" }
        return s + decodeError
    }

    /// Experimenter ids OVS decodes messages, actions and errors for: Nicira and ONF.
    static let knownExperimenters: Set<UInt32> = [0x0000_2320, 0x4f4e_4600]

    static func check(_ m: OFMessage) -> OVSRefusal? {
        switch m.body {
        case .experimenter(let e):
            return knownExperimenters.contains(e.experimenter)
                ? nil : .init(error: "OFPBRC_BAD_VENDOR", namesMessage: false)
        case .multipartRequest(let r):
            if case .experimenter(let e) = r.body, !knownExperimenters.contains(e.experimenter) {
                return .init(error: "OFPBRC_BAD_VENDOR", namesMessage: false)
            }
            return nil
        case .multipartReply(let r):
            switch r.body {
            case .experimenter(let e) where !knownExperimenters.contains(e.experimenter):
                return .init(error: "OFPBRC_BAD_VENDOR", namesMessage: false)
            case .flow(let flows):
                for (i, f) in flows.enumerated() {
                    if let e = match(f.match) ?? instructions(f.instructions) {
                        let printed =
                            MessageFormatter.statsFlags(r.flags)
                            + flows[..<i].map { "\n " + FlowFormatter.format($0) }.joined()
                        return .init(error: e, printed: printed)
                    }
                }
                return nil
            case .meterConfig(let meters):
                for (i, c) in meters.enumerated() {
                    if let e = bands(c.bands) {
                        let printed =
                            MessageFormatter.statsFlags(r.flags)
                            + meters[..<i].map { "\n" + MeterFormatter.config($0) }.joined()
                        return .init(error: e, printed: printed)
                    }
                }
                return nil
            default: return nil
            }
        case .error(.experimenter(_, let experimenter, _)):
            // OVS knows no error of another experimenter and says the message is malformed.
            return knownExperimenters.contains(experimenter) ? nil : .init(error: "OFPBRC_BAD_LEN")
        case .flowMod(let f): return (match(f.match) ?? instructions(f.instructions)).map { .init(error: $0) }
        case .packetIn(let p): return match(p.match).map { .init(error: $0) }
        case .packetOut(let p): return actions(p.actions).map { .init(error: $0) }
        case .groupMod(let g): return group(g).map { .init(error: $0) }
        case .meterMod(let mod): return bands(mod.bands).map { .init(error: $0) }
        case .tableMod(let t): return tableMod(t.properties).map { .init(error: $0) }
        case .setAsync(let c): return asyncConfig(c).map { .init(error: $0) }
        case .requestForward(let inner): return check(inner).map { .init(error: $0.error) }
        case .bundleAdd(let b):
            if b.message.xid != m.xid { return .init(error: "OFPBFC_MSG_BAD_XID") }
            switch b.message.body {
            case .flowMod, .groupMod, .portMod, .packetOut: return nil
            default: return .init(error: "OFPBFC_MSG_UNSUP")
            }
        default: return nil
        }
    }

    // MARK: Matches (OVS decodes them leniently: unknown fields are skipped)

    /// The largest value OVS accepts for an OXM field whose value is narrower than its bytes.
    static let valueLimits: [OXMFieldID: UInt128] = [
        .ipDSCP: 63, .ipECN: 3, .vlanVID: 0x1fff, .vlanPCP: 7, .ipv6FLabel: 0xfffff, .mplsLabel: 0xfffff,
        .mplsTC: 7, .mplsBOS: 1,
    ]

    /// OpenFlow 1.1 port numbers OVS cannot map to its 16-bit ports: 0xff00 up to the reserved ones.
    static func isOutOfRange(_ port: UInt128) -> Bool { port >= 0xff00 && port < 0xffff_ff00 }

    static func match(_ m: Match) -> String? {
        var seen = Set<OXMFieldID>()
        for f in m.fields {
            if !seen.insert(f.id).inserted { return "OFPBMC_DUP_FIELD" }
            if f.id == .inPort, isOutOfRange(f.value.integer) { return "OFPBMC_BAD_VALUE" }
            if let limit = valueLimits[f.id], f.value.integer > limit { return "OFPBMC_BAD_VALUE" }
        }
        return nil
    }

    // MARK: Instructions and actions

    /// The OpenFlow basic fields OVS 3.1 knows; a set-field on another one is refused (OVS says
    /// BAD_SET_LEN rather than BAD_SET_TYPE, as ovs-ofctl 3.1 shows for each of them).
    static let knownBasicFields: Set<UInt8> = Set([0] + Array(2...36) + [38, 42, 43, 44])

    static func instructions(_ list: [Instruction]) -> String? {
        var kinds = Set<Int>()
        for i in list {
            let kind: Int
            switch i {
            case .meter: kind = 0
            case .applyActions: kind = 1
            case .clearActions: kind = 2
            case .writeActions: kind = 3
            case .writeMetadata: kind = 4
            case .gotoTable: kind = 5
            default: kind = 6
            }
            if kind < 6, !kinds.insert(kind).inserted { return "OFPBIC_DUP_INST" }
        }
        // OVS decodes the action lists in its own instruction order: apply before write.
        for case .applyActions(let a) in list { if let e = actions(a) { return e } }
        for case .writeActions(let a) in list { if let e = actions(a) { return e } }
        return nil
    }

    static func actions(_ list: [Action]) -> String? {
        for a in list {
            switch a {
            case .setField(let f):
                if f.id.oxmClass == .openflowBasic, !knownBasicFields.contains(f.id.field) {
                    return "OFPBAC_BAD_SET_LEN"
                }
                if f.id == .inPort { return "OFPBAC_BAD_SET_ARGUMENT" }
            case .experimenter(let experimenter, _) where !knownExperimenters.contains(experimenter):
                return "OFPBAC_BAD_VENDOR"
            default: break
            }
        }
        return nil
    }

    // MARK: Groups, meters, tables, async configuration

    /// ofputil_check_group_mod, plus the watch port's range and OpenFlow 1.3.5's rule that a
    /// delete carries no buckets.
    static func group(_ g: GroupMod) -> String? {
        for b in g.buckets where b.watchPort != .any && isOutOfRange(UInt128(b.watchPort.rawValue)) {
            return "OFPGMFC_BAD_WATCH"
        }
        if g.command == .delete, !g.buckets.isEmpty { return "OFPGMFC_INVALID_GROUP" }
        switch g.type {
        case .indirect where g.command != .delete && g.buckets.count != 1: return "OFPGMFC_INVALID_GROUP"
        case .all, .select, .indirect, .fastFailover: break
        default: return "OFPGMFC_BAD_TYPE"
        }
        guard g.command.rawValue <= 2 else { return "OFPGMFC_BAD_COMMAND" }
        for b in g.buckets {
            if b.weight != 0, g.type != .select { return "OFPGMFC_INVALID_GROUP" }
            let live = b.watchPort != .any || b.watchGroup != GroupID.any
            if live, g.type == .all || g.type == .indirect { return "OFPGMFC_WATCH_UNSUPPORTED" }
            if !live, g.type == .fastFailover { return "OFPGMFC_INVALID_GROUP" }
        }
        return nil
    }

    /// OVS supports drop and DSCP remark bands only.
    static func bands(_ list: [MeterBand]) -> String? {
        for b in list {
            switch b {
            case .drop, .dscpRemark: continue
            default: return "OFPMMFC_BAD_BAND"
            }
        }
        return nil
    }

    static func tableMod(_ properties: [TableModProperty]) -> String? {
        for p in properties {
            switch p {
            case .eviction: continue
            case .vacancy(let down, let up, let now):
                if down > up || now != 0 { return "OFPBPC_BAD_VALUE" }
            default: return "OFPBRC_BAD_TYPE"
            }
        }
        return nil
    }

    /// SET_ASYNC is decoded strictly (GET_ASYNC_REPLY is not): no unknown property, no
    /// reason bit OpenFlow 1.4 does not define.
    static func asyncConfig(_ c: AsyncConfig) -> String? {
        for p in c.properties {
            switch p {
            case .mask(let kind, let mask):
                guard kind.rawValue < 12 else { return "OFPACFC_UNSUPPORTED" }
                if mask & ~AsyncConfigFormatter.allowed[Int(kind.rawValue / 2)] != 0 { return "OFPACFC_INVALID" }
            case .experimenter: return "OFPBPC_BAD_EXP_TYPE"
            case .unknown: return "OFPACFC_UNSUPPORTED"
            }
        }
        return nil
    }
}
