import OpenFlow

// The common shape of an `add-flows` line, read straight from its UTF-8 bytes. Why: perf showed
// parsing as 78 % of `ofctl --bundle add-flows` (tokens as Strings, FlowMatch, [OXMField], then
// Match). Here the tokens are byte ranges, keys are compared in place, and the match's OXM TLVs
// are written in FlowMatch's order into one small buffer as the line is read.
//
// It knows only the usual fields and actions (below). Anything else, and anything that could be
// an error, returns nil, and the line takes FlowParser's general path, which also words every
// error message. So the fast path can only ever give the general path's answer, or none:
// FlowLineFastPathTests compares both over generated lines.
enum FlowLineFastPath {
    /// The FLOW_MOD for an add of `text`, or nil to use the general parser.
    static func parse(_ text: String) -> FlowMod? {
        var text = text
        return text.withUTF8 { bytes in
            var line = Line(bytes: bytes)
            return line.parse()
        }
    }

    /// One line's bytes and what has been read from them so far.
    private struct Line {
        let bytes: UnsafeBufferPointer<UInt8>
        var mod = FlowMod()

        // Match fields, each the last value given (as the general parser keeps the last one).
        var inPort: UInt32?
        var ethDst: UInt64?
        var ethSrc: UInt64?
        var ethType: UInt16?
        /// From a shorthand (`tcp`); `nw_proto=` wins over it, as it does in MatchParser.finish.
        var shorthandProto: UInt8?
        var nwProto: UInt8?
        var nwSrc: (value: UInt32, mask: UInt32)?
        var nwDst: (value: UInt32, mask: UInt32)?
        var tpSrc: UInt16?
        var tpDst: UInt16?

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func parse() -> FlowMod? {
            var i = 0
            let n = bytes.count
            var actionsStart: Int?
            while i < n {
                let b = bytes[i]
                if b == comma || b == space || b == tab {
                    i += 1
                    continue
                }
                var end = i
                while end < n, bytes[end] != comma, bytes[end] != space, bytes[end] != tab { end += 1 }
                if starts(i, end, "actions=") {
                    actionsStart = i + 8
                    break
                }
                guard matchToken(i, end) else { return nil }
                i = end
            }
            guard let actionsStart, let matchBytes = encodeMatch() else { return nil }
            guard let instructions = actions(actionsStart, n) else { return nil }
            mod.instructions = instructions
            mod.match = matchBytes
            return mod
        }

        // MARK: Match part

        /// One `key=value` or bare word before `actions=`; false when the fast path does not know it.
        mutating func matchToken(_ start: Int, _ end: Int) -> Bool {
            var sep = start
            while sep < end, bytes[sep] != equals {
                // `:`, `(` and non-ASCII bytes: leave them to the general parser.
                if bytes[sep] == colon || bytes[sep] == openParen || bytes[sep] >= 0x80 { return false }
                sep += 1
            }
            if sep == end { return bareWord(start, end) }
            let v = sep + 1
            guard v < end else { return false }
            for b in bytes[v..<end] where b == openParen || b == closeParen || b >= 0x80 { return false }
            switch sep - start {
            case 5:
                if same(start, sep, "table") { return set(\.tableID, v, end) }
            case 6:
                if same(start, sep, "dl_src") || same(start, sep, "dl_dst") {
                    guard let mac = ethernet(v, end) else { return false }
                    if bytes[start + 3] == UInt8(ascii: "s") { ethSrc = mac } else { ethDst = mac }
                    return true
                }
                if same(start, sep, "nw_src") || same(start, sep, "nw_dst") || same(start, sep, "ip_src")
                    || same(start, sep, "ip_dst")
                {
                    guard let a = ipv4Prefix(v, end) else { return false }
                    if bytes[start + 3] == UInt8(ascii: "s") { nwSrc = a } else { nwDst = a }
                    return true
                }
                if same(start, sep, "tp_src") || same(start, sep, "tp_dst") {
                    guard let p = number(v, end, max: 0xffff) else { return false }
                    if bytes[start + 3] == UInt8(ascii: "s") { tpSrc = UInt16(p) } else { tpDst = UInt16(p) }
                    return true
                }
                if same(start, sep, "cookie") {
                    // A mask is an error for an add: the general parser says so.
                    guard let c = number(v, end, max: .max) else { return false }
                    mod.cookie = c
                    return true
                }
            case 7:
                if same(start, sep, "in_port") {
                    // Port names and the reserved numbers 0xff00 and up: the general parser.
                    guard let p = number(v, end, max: 0xfeff), decimal(v, end) else { return false }
                    inPort = UInt32(p)
                    return true
                }
                if same(start, sep, "dl_type") {
                    guard let t = number(v, end, max: 0xffff) else { return false }
                    ethType = UInt16(t)
                    return true
                }
                if same(start, sep, "eth_src") || same(start, sep, "eth_dst") {
                    guard let mac = ethernet(v, end) else { return false }
                    if bytes[start + 4] == UInt8(ascii: "s") { ethSrc = mac } else { ethDst = mac }
                    return true
                }
            case 8:
                if same(start, sep, "priority") { return set(\.priority, v, end) }
                if same(start, sep, "nw_proto") || same(start, sep, "ip_proto") {
                    guard let p = number(v, end, max: 0xff) else { return false }
                    nwProto = UInt8(p)
                    return true
                }
                if same(start, sep, "eth_type") {
                    guard let t = number(v, end, max: 0xffff) else { return false }
                    ethType = UInt16(t)
                    return true
                }
            case 10:
                if same(start, sep, "importance") { return set(\.importance, v, end) }
            case 12:
                if same(start, sep, "idle_timeout") { return set(\.idleTimeout, v, end) }
                if same(start, sep, "hard_timeout") { return set(\.hardTimeout, v, end) }
            default: break
            }
            return false
        }

        mutating func bareWord(_ start: Int, _ end: Int) -> Bool {
            switch end - start {
            case 2 where same(start, end, "ip"): ethType = 0x0800
            case 3 where same(start, end, "tcp"): shorthand(0x0800, 6)
            case 3 where same(start, end, "udp"): shorthand(0x0800, 17)
            case 3 where same(start, end, "arp"): ethType = 0x0806
            case 4 where same(start, end, "icmp"): shorthand(0x0800, 1)
            case 4 where same(start, end, "ipv4"): ethType = 0x0800
            case 4 where same(start, end, "ipv6"): ethType = 0x86DD
            case 4 where same(start, end, "tcp6"): shorthand(0x86DD, 6)
            case 4 where same(start, end, "udp6"): shorthand(0x86DD, 17)
            case 13 where same(start, end, "send_flow_rem"): mod.flags.insert(.sendFlowRemoved)
            case 13 where same(start, end, "check_overlap"): mod.flags.insert(.checkOverlap)
            default: return false
            }
            return true
        }

        mutating func shorthand(_ type: UInt16, _ proto: UInt8) {
            ethType = type
            shorthandProto = proto
        }

        mutating func set<T: FixedWidthInteger & UnsignedInteger>(
            _ field: WritableKeyPath<FlowMod, T>, _ v: Int, _ end: Int
        ) -> Bool {
            guard let x = number(v, end, max: UInt64(T.max)) else { return false }
            mod[keyPath: field] = T(x)
            return true
        }

        /// The TLVs in FlowMatch's order (in_port, eth_dst, eth_src, eth_type, ipv4_src,
        /// ipv4_dst, ip_proto, then the port fields), or nil when the fields need the general
        /// parser's rules (a protocol field without its protocol is dropped there, or becomes an
        /// ARP field).
        func encodeMatch() -> Match? {
            let proto = nwProto ?? shorthandProto
            let v4 = ethType == 0x0800
            let v6 = ethType == 0x86DD
            if proto != nil && !(v4 || v6) { return nil }
            if (nwSrc != nil || nwDst != nil) && !v4 { return nil }
            // Which OXM fields tp_src and tp_dst mean, and their width.
            var ports: (src: UInt8, dst: UInt8, width: Int)?
            if tpSrc != nil || tpDst != nil {
                switch proto {
                case 6: ports = (13, 14, 2)
                case 17: ports = (15, 16, 2)
                case 1 where v4: ports = (19, 20, 1)
                default: return nil
                }
            }
            return withUnsafeTemporaryAllocation(byteCount: 96, alignment: 8) { raw -> Match in
                var w = TLVWriter(base: raw)
                if let inPort { w.field(0, 4, UInt64(inPort)) }
                if let ethDst { w.field(3, 6, ethDst) }
                if let ethSrc { w.field(4, 6, ethSrc) }
                if let ethType { w.field(5, 2, UInt64(ethType)) }
                if let nwSrc { w.ipv4(11, nwSrc) }
                if let nwDst { w.ipv4(12, nwDst) }
                if let proto { w.field(10, 1, UInt64(proto)) }
                if let ports {
                    let mask: UInt64 = ports.width == 1 ? 0xff : 0xffff
                    if let tpSrc { w.field(ports.src, ports.width, UInt64(tpSrc) & mask) }
                    if let tpDst { w.field(ports.dst, ports.width, UInt64(tpDst) & mask) }
                }
                return Match(encodedTLVs: UnsafeRawBufferPointer(rebasing: raw[0..<w.offset]))
            }
        }

        // MARK: Actions

        /// The `actions=` part: apply-actions of outputs, drop and set-fields, then an optional
        /// goto_table (the only instruction allowed to follow them without reordering).
        func actions(_ start: Int, _ n: Int) -> [Instruction]? {
            var list: [Action] = []
            var goto: UInt8?
            var i = start
            while i < n {
                let b = bytes[i]
                if b == comma || b == space || b == tab {
                    i += 1
                    continue
                }
                // Nothing may follow goto_table (the general parser decides what that means).
                if goto != nil { return nil }
                var end = i
                var sep = -1
                while end < n, bytes[end] != comma, bytes[end] != space, bytes[end] != tab {
                    let c = bytes[end]
                    if c == openParen || c == closeParen || c == openBracket || c >= 0x80 { return nil }
                    if sep < 0 && (c == equals || c == colon) { sep = end }
                    end += 1
                }
                if sep < 0 {
                    guard let action = bareAction(i, end) else { return nil }
                    if let action { list.append(action) }
                } else {
                    let v = sep + 1
                    guard v < end else { return nil }
                    if sameIgnoringCase(i, sep, "output") {
                        guard let p = number(v, end, max: 0xfeff), decimal(v, end) else { return nil }
                        list.append(.output(port: PortNumber(UInt32(p)), maxLength: 0))
                    } else if same(i, sep, "goto_table") {
                        guard let t = number(v, end, max: 0xff) else { return nil }
                        goto = UInt8(t)
                    } else if same(i, sep, "mod_dl_src") || same(i, sep, "mod_dl_dst") {
                        guard let mac = ethernet(v, end) else { return nil }
                        let id: OXMFieldID = bytes[i + 7] == UInt8(ascii: "s") ? .ethSrc : .ethDst
                        list.append(.setField(OXMField(id, UInt128(mac))))
                    } else if same(i, sep, "mod_nw_src") || same(i, sep, "mod_nw_dst") {
                        guard let a = ipv4(v, end) else { return nil }
                        let id: OXMFieldID = bytes[i + 7] == UInt8(ascii: "s") ? .ipv4Src : .ipv4Dst
                        list.append(.setField(OXMField(id, UInt128(a))))
                    } else if same(i, sep, "mod_tp_src") || same(i, sep, "mod_tp_dst") {
                        guard let p = number(v, end, max: 0xffff) else { return nil }
                        let src = bytes[i + 7] == UInt8(ascii: "s")
                        // The protocol the general parser's FlowMatch would report (exact ip_proto).
                        let id: OXMFieldID
                        switch nwProto ?? shorthandProto {
                        case 6: id = src ? .tcpSrc : .tcpDst
                        case 17: id = src ? .udpSrc : .udpDst
                        default: return nil
                        }
                        list.append(.setField(OXMField(id, UInt128(p))))
                    } else {
                        return nil
                    }
                }
                i = end
            }
            var instructions: [Instruction] = []
            if !list.isEmpty { instructions.append(.applyActions(list)) }
            if let goto { instructions.append(.gotoTable(goto)) }
            return instructions
        }

        /// A bare action word: `drop` (nothing, so `.some(nil)`), a reserved port or a port
        /// number (output to it); nil when not one of those.
        func bareAction(_ start: Int, _ end: Int) -> Action?? {
            if sameIgnoringCase(start, end, "drop") { return .some(nil) }
            for (word, port) in reservedPorts where sameIgnoringCase(start, end, word) {
                return .output(port: port, maxLength: 0)
            }
            guard decimal(start, end), let p = number(start, end, max: 0xfeff) else { return nil }
            return .output(port: PortNumber(UInt32(p)), maxLength: 0)
        }

        // MARK: Values

        /// Decimal (up to 18 digits) or 0x hex (up to 15 digits), as ValueSyntax.smallInteger
        /// reads them, and no larger than `max`.
        func number(_ start: Int, _ end: Int, max: UInt64) -> UInt64? {
            var v: UInt64 = 0
            if end - start > 2, bytes[start] == UInt8(ascii: "0"), bytes[start + 1] | 0x20 == UInt8(ascii: "x") {
                guard end - start - 2 <= 15 else { return nil }
                for b in bytes[(start + 2)..<end] {
                    guard let d = hexDigitValue(b) else { return nil }
                    v = v << 4 | UInt64(d)
                }
            } else {
                guard end > start, end - start <= 18, decimal(start, end) else { return nil }
                for b in bytes[start..<end] { v = v * 10 + UInt64(b - UInt8(ascii: "0")) }
            }
            return v <= max ? v : nil
        }

        func decimal(_ start: Int, _ end: Int) -> Bool {
            guard end > start else { return false }
            for b in bytes[start..<end] where b < UInt8(ascii: "0") || b > UInt8(ascii: "9") { return false }
            return true
        }

        /// `xx:xx:xx:xx:xx:xx`, one or two hex digits per byte, no mask.
        func ethernet(_ start: Int, _ end: Int) -> UInt64? {
            var v: UInt64 = 0
            var octet: UInt64 = 0
            var digits = 0
            var groups = 0
            for b in bytes[start..<end] {
                if b == colon {
                    guard digits > 0 else { return nil }
                    v = v << 8 | octet
                    octet = 0
                    digits = 0
                    groups += 1
                    continue
                }
                guard let d = hexDigitValue(b), digits < 2 else { return nil }
                octet = octet << 4 | UInt64(d)
                digits += 1
            }
            guard groups == 5, digits > 0 else { return nil }
            return v << 8 | octet
        }

        /// A dotted quad with nothing after it.
        func ipv4(_ start: Int, _ end: Int) -> UInt32? { dottedQuad(bytes[start..<end]) }

        /// An address, optionally `/1`…`/32` (a dotted mask or /0: the general parser).
        func ipv4Prefix(_ start: Int, _ end: Int) -> (value: UInt32, mask: UInt32)? {
            var slash = start
            while slash < end, bytes[slash] != UInt8(ascii: "/") { slash += 1 }
            guard let address = ipv4(start, slash) else { return nil }
            guard slash < end else { return (address, .max) }
            guard end - slash <= 3, let bits = number(slash + 1, end, max: 32), decimal(slash + 1, end), bits > 0
            else { return nil }
            let mask = ~UInt32(0) << (32 - bits)
            return (address & mask, mask)
        }

        // MARK: Bytes

        func same(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
            guard end - start == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<(end - start) where bytes[start + k] != w[k] { return false }
            return true
        }

        /// `word` is lowercase ASCII letters, digits and `_`.
        func sameIgnoringCase(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
            guard end - start == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<(end - start) {
                var b = bytes[start + k]
                if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b |= 0x20 }
                if b != w[k] { return false }
            }
            return true
        }

        func starts(_ start: Int, _ end: Int, _ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard end - start >= count else { return false }
            return same(start, start + count, word)
        }
    }

    /// Big-endian OXM TLVs (OpenFlow basic class) into a scratch buffer.
    private struct TLVWriter {
        let base: UnsafeMutableRawBufferPointer
        var offset = 0

        mutating func header(_ field: UInt8, masked: Bool, length: Int) {
            put(UInt32(0x8000) << 16 | UInt32(field) << 9 | (masked ? 0x100 : 0) | UInt32(length), 4)
        }

        mutating func field(_ field: UInt8, _ width: Int, _ value: UInt64) {
            header(field, masked: false, length: width)
            put(value, width)
        }

        mutating func ipv4(_ field: UInt8, _ a: (value: UInt32, mask: UInt32)) {
            if a.mask == .max {
                self.field(field, 4, UInt64(a.value))
            } else {
                header(field, masked: true, length: 8)
                put(UInt64(a.value), 4)
                put(UInt64(a.mask), 4)
            }
        }

        /// The low `width` bytes of `value`, most significant first.
        mutating func put<T: FixedWidthInteger>(_ value: T, _ width: Int) {
            for k in 0..<width {
                base[offset + k] = UInt8(truncatingIfNeeded: value >> ((width - 1 - k) * 8))
            }
            offset += width
        }
    }
}

/// Bare words that output to a reserved port (ActionParser's list, `table` left to it).
private let reservedPorts: [(StaticString, PortNumber)] = [
    ("normal", .normal), ("flood", .flood), ("all", .all), ("local", .local), ("in_port", .inPort),
]
private let comma = UInt8(ascii: ",")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let equals = UInt8(ascii: "=")
private let colon = UInt8(ascii: ":")
private let openParen = UInt8(ascii: "(")
private let closeParen = UInt8(ascii: ")")
private let openBracket = UInt8(ascii: "[")
