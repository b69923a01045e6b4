import OpenFlow

/// The `actions=` part of a flow (and the actions of a group bucket) into OpenFlow 1.4
/// instructions and actions, choosing the encodings ovs-ofctl chooses for OpenFlow 1.4
/// (`mod_tp_src` becomes a set_field on the protocol's port field, `mod_vlan_vid` pushes a
/// tag first when the packet has none, `load:` is NXAST_REG_LOAD, ...).
struct ActionParser {
    /// The flow's match: which protocol `mod_tp_*` means and whether a VLAN tag is present.
    var context: FlowMatch
    var names: PortNames?
    private var vlanPresent: Bool

    init(context: FlowMatch, names: PortNames?) {
        self.context = context
        self.names = names
        self.vlanPresent = context.hasVLAN
    }

    static let actionNames = [
        "output", "drop", "normal", "flood", "all", "local", "in_port", "controller", "group", "resubmit", "ct",
        "ct_clear", "load", "move", "set_field", "mod_dl_src", "mod_dl_dst", "mod_nw_src", "mod_nw_dst",
        "mod_nw_tos", "mod_nw_ecn", "mod_nw_ttl", "mod_tp_src", "mod_tp_dst", "strip_vlan", "pop_vlan", "push_vlan",
        "mod_vlan_vid", "mod_vlan_pcp", "dec_ttl", "set_queue", "enqueue", "pop_queue", "note", "exit",
        "conjunction", "set_tunnel", "set_tunnel64", "push_mpls", "pop_mpls", "set_mpls_label", "set_mpls_tc",
        "set_mpls_ttl", "dec_mpls_ttl", "goto_table", "write_metadata", "clear_actions", "write_actions", "meter",
    ]

    // MARK: Instructions

    /// A whole `actions=` value: instructions may appear in OpenFlow's order only
    /// (meter, apply actions, clear_actions, write_actions, write_metadata, goto_table).
    mutating func instructions(_ text: Substring, column: Int) throws(SyntaxError) -> [Instruction] {
        var meter: UInt32?
        var apply: [Action] = []
        var clear = false
        var write: [Action]?
        var metadata: (UInt64, UInt64)?
        var goto: UInt8?
        var stage = 0
        func advance(to s: Int, _ t: Token) throws(SyntaxError) {
            guard s >= stage else {
                throw SyntaxError(
                    "invalid instruction ordering: \(t.key) must come earlier", column: t.column, token: t.text,
                    expected: "meter, actions, clear_actions, write_actions, write_metadata, goto_table in that order")
            }
            stage = s
        }
        for t in try Tokenizer.tokens(text, column: column) {
            switch t.key {
            case "meter":
                try advance(to: 0, t)
                meter = UInt32(try number(t, bytes: 4))
            case "clear_actions":
                try advance(to: 2, t)
                clear = true
            case "write_actions":
                try advance(to: 3, t)
                var inner = ActionParser(context: context, names: names)
                write = try inner.actions(Substring(t.value ?? ""), column: t.valueColumn)
            case "write_metadata":
                try advance(to: 4, t)
                let v = try maskedNumber(t, bytes: 8)
                metadata = (UInt64(v.value), UInt64(v.mask ?? UInt128(UInt64.max)))
            case "goto_table":
                try advance(to: 5, t)
                goto = UInt8(try number(t, bytes: 1))
            default:
                try advance(to: 1, t)
                try action(t, into: &apply)
            }
        }
        var list: [Instruction] = []
        if let meter { list.append(.meter(meter)) }
        if !apply.isEmpty { list.append(.applyActions(apply)) }
        if clear { list.append(.clearActions) }
        if let write { list.append(.writeActions(write)) }
        if let metadata { list.append(.writeMetadata(metadata.0, mask: metadata.1)) }
        if let goto { list.append(.gotoTable(goto)) }
        return list
    }

    /// A plain action list (write_actions, ct exec, group buckets).
    mutating func actions(_ text: Substring, column: Int) throws(SyntaxError) -> [Action] {
        var list: [Action] = []
        for t in try Tokenizer.tokens(text, column: column) { try action(t, into: &list) }
        return list
    }

    // MARK: Actions

    mutating func action(_ t: Token, into list: inout [Action]) throws(SyntaxError) {
        switch t.key.lowercased() {
        case "drop": break
        case "output":
            let text = t.value ?? ""
            if text.contains("[") {
                let sub = try Subfield.parse(text, column: t.valueColumn)
                list.append(
                    .nicira(
                        .outputReg(
                            .init(
                                src: sub.header, offset: UInt16(sub.offset), nBits: UInt8(sub.nBits), maxLength: 0xffff)
                        )))
            } else if t.separator == "(" {
                throw SyntaxError(
                    "output(port=...,max_len=...) is not supported", column: t.column, token: t.text,
                    expected: "output:PORT")
            } else {
                list.append(output(try port(text, t)))
            }
        case "normal", "flood", "all", "local", "in_port", "table":
            list.append(.output(port: PortSyntax.parse(t.key) ?? .normal, maxLength: 0))
        case "controller":
            list.append(try controller(t))
        case "enqueue":
            let parts = (t.value ?? "").split(whereSeparator: { $0 == ":" || $0 == "," })
            guard parts.count == 2, let q = UInt32(parts[1]) else {
                throw SyntaxError("bad enqueue", column: t.column, token: t.text, expected: "enqueue:PORT:QUEUE")
            }
            list += [.setQueue(q), output(try port(String(parts[0]), t)), .nicira(.popQueue)]
        case "group": list.append(.group(UInt32(try number(t, bytes: 4))))
        case "set_queue": list.append(.setQueue(UInt32(try number(t, bytes: 4))))
        case "pop_queue": list.append(.nicira(.popQueue))
        case "resubmit": list.append(try resubmit(t))
        case "ct": list.append(.nicira(try conntrack(t)))
        case "nat": list.append(.nicira(.nat(try nat(t))))
        case "ct_clear": list.append(.nicira(.ctClear))
        case "exit": list.append(.nicira(.exit))
        case "load": list += try load(t)
        case "move": list.append(try move(t))
        case "set_field": list += try setField(t)
        case "mod_dl_src", "mod_dl_dst":
            let v = try value(t, .ethernet, bytes: 6)
            list.append(.setField(OXMField(t.key == "mod_dl_src" ? .ethSrc : .ethDst, v)))
        case "mod_nw_src", "mod_nw_dst":
            let v = try value(t, .ipv4, bytes: 4)
            list.append(.setField(OXMField(t.key == "mod_nw_src" ? .ipv4Src : .ipv4Dst, v)))
        case "mod_nw_tos": list.append(.setField(OXMField(.ipDSCP, try number(t, bytes: 1) >> 2)))
        case "mod_nw_ecn": list.append(.setField(OXMField(.ipECN, try number(t, bytes: 1))))
        case "mod_nw_ttl": list.append(.setNWTTL(UInt8(try number(t, bytes: 1))))
        case "mod_tp_src", "mod_tp_dst":
            let src = t.key == "mod_tp_src"
            let id: OXMFieldID
            switch context.ipProto {
            case 17: id = src ? .udpSrc : .udpDst
            case 132: id = src ? .sctpSrc : .sctpDst
            case 6: id = src ? .tcpSrc : .tcpDst
            default:
                throw SyntaxError(
                    "\(t.key) needs tcp, udp or sctp in the match", column: t.column, token: t.text,
                    expected: "a match on tcp, udp or sctp")
            }
            list.append(.setField(OXMField(id, try number(t, bytes: 2))))
        case "strip_vlan", "pop_vlan":
            list.append(.popVLAN)
            vlanPresent = false
        case "push_vlan":
            list.append(.pushVLAN(ethertype: UInt16(try number(t, bytes: 2))))
            vlanPresent = true
        case "mod_vlan_vid", "mod_vlan_pcp":
            let v = try number(t, bytes: 2)
            if !vlanPresent {
                list.append(.pushVLAN(ethertype: 0x8100))
                vlanPresent = true
            }
            if t.key == "mod_vlan_vid" {
                list.append(.setField(OXMField(.vlanVID, (v & 0xfff) | 0x1000)))
            } else {
                list.append(.setField(OXMField(.vlanPCP, v & 7)))
            }
        case "dec_ttl":
            if t.separator == "(" {
                var ids: [UInt16] = []
                for part in (t.value ?? "").split(separator: ",") {
                    guard let id = UInt16(part) else {
                        throw SyntaxError("bad controller id '\(part)'", column: t.valueColumn, token: String(part))
                    }
                    ids.append(id)
                }
                list.append(.nicira(.decTTLControllerIDs(ids)))
            } else {
                list.append(.decNWTTL)
            }
        case "note": list.append(.nicira(.note(try note(t))))
        case "conjunction": list.append(try conjunction(t))
        case "set_tunnel", "set_tunnel64": list.append(.setField(OXMField(.tunnelID, try number(t, bytes: 8))))
        case "push_mpls": list.append(.pushMPLS(ethertype: UInt16(try number(t, bytes: 2))))
        case "pop_mpls": list.append(.popMPLS(ethertype: UInt16(try number(t, bytes: 2))))
        case "set_mpls_label": list.append(.setField(OXMField(.mplsLabel, try number(t, bytes: 4))))
        case "set_mpls_tc": list.append(.setField(OXMField(.mplsTC, try number(t, bytes: 1))))
        case "set_mpls_ttl": list.append(.setMPLSTTL(UInt8(try number(t, bytes: 1))))
        case "dec_mpls_ttl": list.append(.decMPLSTTL)
        case "goto_table", "write_metadata", "clear_actions", "write_actions", "meter":
            throw SyntaxError(
                "\(t.key) is an instruction and cannot appear here", column: t.column, token: t.text,
                expected: "an action")
        default:
            // A bare port number or name means output to it.
            if t.value == nil, let p = try? port(t.key, t) {
                list.append(output(p))
                return
            }
            throw SyntaxError(
                "unknown action '\(t.key)'", column: t.column, token: t.key,
                suggestion: Suggestion.nearest(to: t.key, in: Self.actionNames))
        }
    }

    // MARK: Pieces

    private func output(_ port: PortNumber) -> Action {
        .output(port: port, maxLength: port == .controller ? 0xffff : 0)
    }

    func port(_ text: String, _ t: Token) throws(SyntaxError) -> PortNumber {
        if let n = names?.byName[text] { return PortNumber(n) }
        let unquoted =
            text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 ? String(text.dropFirst().dropLast()) : text
        if let n = names?.byName[unquoted] { return PortNumber(n) }
        guard let p = PortSyntax.parse(text) else {
            throw SyntaxError(
                "unknown port '\(text)'", column: t.valueColumn, token: text,
                expected: "a port number, a port name or IN_PORT, LOCAL, NORMAL, FLOOD, ALL, CONTROLLER")
        }
        return p
    }

    /// OpenFlow 1.0's 16-bit port numbers, which NX resubmit carries.
    static func port16(_ p: PortNumber) -> UInt16 {
        p.rawValue >= 0xffff_ff00
            ? UInt16(truncatingIfNeeded: p.rawValue - 0xffff_0000) : UInt16(truncatingIfNeeded: p.rawValue)
    }

    func number(_ t: Token, bytes: Int) throws(SyntaxError) -> UInt128 {
        do {
            return try ValueSyntax.integer(t.value ?? "", bytes: bytes)
        } catch {
            throw SyntaxError(
                "\(t.key): \(t.value == nil ? "missing value" : error.message)", column: t.valueColumn,
                token: t.value ?? t.text, expected: "\(t.key):NUMBER")
        }
    }

    func maskedNumber(_ t: Token, bytes: Int) throws(SyntaxError) -> MaskedValue {
        try value(t, .hexadecimal, bytes: bytes, masked: true)
    }

    private func value(
        _ t: Token, _ format: ValueFormat, bytes: Int, masked: Bool = false
    ) throws(SyntaxError) -> MaskedValue {
        do {
            return try ValueSyntax.parse(t.value ?? "", format: format, bytes: bytes)
        } catch {
            throw SyntaxError(
                "\(t.key): \(error.message)", column: t.valueColumn, token: t.value ?? t.text,
                expected: MatchParser.describe(format))
        }
    }

    private func value(_ t: Token, _ format: ValueFormat, bytes: Int) throws(SyntaxError) -> UInt128 {
        try value(t, format, bytes: bytes, masked: false).value
    }

    private func controller(_ t: Token) throws(SyntaxError) -> Action {
        var maxLength: UInt16 = 0xffff
        var reason: UInt8 = 1
        var id: UInt16 = 0
        if t.separator == ":" {
            maxLength = UInt16(try number(t, bytes: 2))
        } else if t.separator == "(" {
            for a in try Tokenizer.tokens(Substring(t.value ?? ""), column: t.valueColumn) {
                switch a.key {
                case "max_len": maxLength = UInt16(try number(a, bytes: 2))
                case "id": id = UInt16(try number(a, bytes: 2))
                case "reason":
                    guard let r = ActionFormatter.packetInReasons.firstIndex(of: a.value ?? "") else {
                        throw SyntaxError(
                            "unknown reason '\(a.value ?? "")'", column: a.valueColumn, token: a.value ?? "",
                            expected: ActionFormatter.packetInReasons.joined(separator: ", "))
                    }
                    reason = UInt8(r)
                default:
                    throw SyntaxError(
                        "unsupported controller argument '\(a.key)'", column: a.column, token: a.key,
                        expected: "max_len=, reason=, id=")
                }
            }
        }
        if reason == 1 && id == 0 { return .output(port: .controller, maxLength: maxLength) }
        return .nicira(.controller(maxLength: maxLength, controllerID: id, reason: reason))
    }

    private func resubmit(_ t: Token) throws(SyntaxError) -> Action {
        if t.separator != "(" {
            return .nicira(.resubmit(inPort: Self.port16(try port(t.value ?? "", t))))
        }
        let parts = (t.value ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else {
            throw SyntaxError(
                "bad resubmit", column: t.column, token: t.text, expected: "resubmit([PORT],[TABLE][,ct])")
        }
        let inPort = parts[0].isEmpty ? PortNumber.inPort : try port(parts[0], t)
        var table: UInt8 = 255
        if parts.count > 1, !parts[1].isEmpty {
            guard let v = UInt8(parts[1]) else {
                throw SyntaxError("bad table '\(parts[1])'", column: t.valueColumn, token: parts[1], expected: "0-254")
            }
            table = v
        }
        if parts.count == 3 {
            guard parts[2] == "ct" else {
                throw SyntaxError(
                    "bad resubmit option '\(parts[2])'", column: t.valueColumn, token: parts[2], expected: "ct")
            }
            return .nicira(.resubmitTableCT(inPort: Self.port16(inPort), table: table))
        }
        return .nicira(.resubmitTable(inPort: Self.port16(inPort), table: table))
    }

    /// `load:VALUE->DST[range]`: NXAST_REG_LOAD, split into 64-bit pieces for wider fields.
    private func load(_ t: Token) throws(SyntaxError) -> [Action] {
        let (valueText, dstText, dstColumn) = try arrow(t)
        let dst = try Subfield.parse(dstText, column: dstColumn)
        let v: UInt128
        do { v = try ValueSyntax.integer(valueText, bytes: 16) } catch {
            throw SyntaxError("load: \(error.message)", column: t.valueColumn, token: valueText, expected: "a number")
        }
        guard dst.nBits >= 128 || v >> dst.nBits == 0 else {
            throw SyntaxError(
                "load: value \(valueText) does not fit into \(dst.nBits) bits", column: t.valueColumn, token: valueText)
        }
        return Self.regLoads(field: dst.field, offset: dst.offset, nBits: dst.nBits, value: v)
    }

    static func regLoads(field: TextField, offset: Int, nBits: Int, value: UInt128) -> [Action] {
        var list: [Action] = []
        var done = 0
        while done < nBits {
            let n = min(64, nBits - done)
            let piece = UInt64(truncatingIfNeeded: value >> done) & (n == 64 ? .max : (1 << n) - 1)
            list.append(
                .nicira(
                    .regLoad(
                        .init(
                            offset: UInt16(offset + done), nBits: UInt8(n), dst: OXMHeader(field.registerHeader),
                            value: piece))))
            done += n
        }
        return list
    }

    private func move(_ t: Token) throws(SyntaxError) -> Action {
        let (srcText, dstText, dstColumn) = try arrow(t)
        let src = try Subfield.parse(srcText, column: t.valueColumn)
        let dst = try Subfield.parse(dstText, column: dstColumn)
        guard src.nBits == dst.nBits else {
            throw SyntaxError(
                "move: source is \(src.nBits) bits but destination is \(dst.nBits)", column: t.column, token: t.text)
        }
        return .nicira(
            .regMove(
                .init(
                    nBits: UInt16(src.nBits), srcOffset: UInt16(src.offset), dstOffset: UInt16(dst.offset),
                    src: src.header, dst: dst.header)))
    }

    /// `set_field:VALUE[/MASK]->FIELD`: OFPAT_SET_FIELD for a whole field, reg_load for part of one.
    private func setField(_ t: Token) throws(SyntaxError) -> [Action] {
        let (valueText, dstText, dstColumn) = try arrow(t)
        guard let field = FieldTable.named(dstText) else {
            throw SyntaxError(
                "unknown field '\(dstText)'", column: dstColumn, token: dstText,
                suggestion: Suggestion.nearest(to: dstText, in: FieldTable.names))
        }
        let v: MaskedValue
        do { v = try ValueSyntax.parse(valueText, format: field.format, bytes: field.bytes) } catch {
            throw SyntaxError(
                "set_field: \(error.message)", column: t.valueColumn, token: valueText,
                expected: MatchParser.describe(field.format))
        }
        guard let mask = v.mask else {
            return [.setField(OXMField(id: field.oxm, value: OXMValue(v.value, width: field.bytes)))]
        }
        // Each run of set mask bits becomes one load, as OVS splits it.
        var list: [Action] = []
        var bit = 0
        while bit < field.bits {
            guard mask >> bit & 1 == 1 else {
                bit += 1
                continue
            }
            var end = bit
            while end < field.bits && mask >> end & 1 == 1 && end - bit < 64 { end += 1 }
            list += Self.regLoads(field: field, offset: bit, nBits: end - bit, value: (v.value >> bit))
            bit = end
        }
        return list
    }

    private func arrow(_ t: Token) throws(SyntaxError) -> (String, String, Int) {
        let text = t.value ?? ""
        let sides = text.pieces(separatedBy: "->")
        guard sides.count == 2 else {
            throw SyntaxError("\(t.key) needs '->'", column: t.column, token: t.text, expected: "\(t.key):SRC->DST")
        }
        let left = sides[0]
        let right = sides[1]
        return (left, right, t.valueColumn + left.count + 2)
    }

    private func note(_ t: Token) throws(SyntaxError) -> [UInt8] {
        var bytes: [UInt8] = []
        let hex = (t.value ?? "").filter { $0 != "." }
        guard hex.count % 2 == 0 else {
            throw SyntaxError("note: odd number of hex digits", column: t.valueColumn, token: t.value ?? "")
        }
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            guard let b = UInt8(hex[i..<j], radix: 16) else {
                throw SyntaxError("note: '\(hex[i..<j])' is not hex", column: t.valueColumn, token: t.value ?? "")
            }
            bytes.append(b)
            i = j
        }
        // The action is 10 bytes of header plus the note, padded to 8: the pad bytes are part of the note.
        let total = max(16, (10 + bytes.count + 7) / 8 * 8)
        return bytes + [UInt8](repeating: 0, count: total - 10 - bytes.count)
    }

    private func conjunction(_ t: Token) throws(SyntaxError) -> Action {
        let parts = (t.value ?? "").split(separator: ",")
        let clause = parts.count == 2 ? parts[1].split(separator: "/") : []
        guard parts.count == 2, let id = UInt32(parts[0]), clause.count == 2, let k = UInt8(clause[0]),
            let n = UInt8(clause[1]), k >= 1, k <= n, n >= 2, n <= 64
        else {
            throw SyntaxError("bad conjunction", column: t.column, token: t.text, expected: "conjunction(ID,K/N)")
        }
        return .nicira(.conjunction(id: id, clause: k - 1, clauses: n))
    }
}
