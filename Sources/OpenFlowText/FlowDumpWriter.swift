import OpenFlow

/// `dump-flows` lines written as bytes into one output buffer. Why: perf showed formatting as
/// 77 % of `ofctl dump-flows` of 100,000 flows (a FlowMatch decoded per entry, a String per field,
/// `joined`). Here the common match fields are read from the TLV bytes in place and every number
/// is written digit by digit, with no String in between.
///
/// Only the shapes it knows exactly are written this way: a match of in_port, eth_src/dst,
/// eth_type, ip_proto, IPv4 addresses (masked or not) and TCP/UDP/ICMP fields that the match's
/// protocol explains, and actions whose text is output to a port number. Anything else in the
/// match, or any other action, is printed by FlowFormatter/MatchFormatter/ActionFormatter and its
/// text appended, so the line is always the general formatter's line (FlowDumpWriterTests
/// compares them).
public enum FlowDumpWriter {
    /// Appends `line` (the leading space ovs-ofctl indents with, the entry, a newline).
    public static func appendLine(_ f: FlowStats, showStats: Bool, to out: inout [UInt8]) {
        out.append(space)
        if showStats || f.cookie != 0 {
            out.append(contentsOf: "cookie=0x".utf8)
            hex(f.cookie, to: &out)
            out.append(contentsOf: ", ".utf8)
        }
        if showStats {
            out.append(contentsOf: "duration=".utf8)
            duration(f.durationSec, f.durationNSec, to: &out)
            out.append(contentsOf: "s, ".utf8)
        }
        if showStats || f.tableID != 0 {
            out.append(contentsOf: "table=".utf8)
            decimal(UInt64(f.tableID), to: &out)
            out.append(contentsOf: ", ".utf8)
        }
        if showStats {
            out.append(contentsOf: "n_packets=".utf8)
            decimal(f.packetCount, to: &out)
            out.append(contentsOf: ", n_bytes=".utf8)
            decimal(f.byteCount, to: &out)
            out.append(contentsOf: ", ".utf8)
        }
        if f.idleTimeout != 0 {
            out.append(contentsOf: "idle_timeout=".utf8)
            decimal(UInt64(f.idleTimeout), to: &out)
            out.append(contentsOf: ", ".utf8)
        }
        if f.hardTimeout != 0 {
            out.append(contentsOf: "hard_timeout=".utf8)
            decimal(UInt64(f.hardTimeout), to: &out)
            out.append(contentsOf: ", ".utf8)
        }
        if !f.flags.isEmpty { out.append(contentsOf: FlowFormatter.flags(f.flags).utf8) }
        if f.importance != 0 {
            out.append(contentsOf: "importance=".utf8)
            decimal(UInt64(f.importance), to: &out)
            out.append(contentsOf: ", ".utf8)
        }
        let before = out.count
        if !f.match.withTLVBytes({ CommonMatch(tlvs: $0)?.write(priority: f.priority, to: &out) ?? false }) {
            out.removeSubrange(before...)
            out.append(contentsOf: MatchFormatter.format(FlowMatch(f.match), priority: f.priority, names: nil).utf8)
        }
        if out.count != before { out.append(space) }
        out.append(contentsOf: "actions=".utf8)
        actions(f.instructions, to: &out)
        out.append(newline)
    }

    /// The instructions as ActionFormatter prints them: outputs to port numbers written here,
    /// everything else through ActionFormatter.
    static func actions(_ instructions: [Instruction], to out: inout [UInt8]) {
        guard instructions.count == 1, case .applyActions(let list) = instructions[0], !list.isEmpty else {
            out.append(contentsOf: ActionFormatter.format(instructions).utf8)
            return
        }
        for (i, action) in list.enumerated() {
            if i > 0 { out.append(comma) }
            if case .output(let port, _) = action, port.rawValue < PortNumber.max.rawValue {
                out.append(contentsOf: "output:".utf8)
                decimal(UInt64(port.rawValue), to: &out)
            } else {
                out.append(contentsOf: ActionFormatter.format(action).utf8)
            }
        }
    }

    // MARK: Numbers

    static func decimal(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 {
            out.append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var count = 0
        var n = v
        repeat {
            count += 1
            n /= 10
        } while n > 0
        out.append(contentsOf: repeatElement(0, count: count))
        var i = out.count - 1
        n = v
        repeat {
            out[i] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            i -= 1
        } while n > 0
    }

    /// Lowercase hex without prefix ("0" for zero).
    static func hex(_ v: UInt64, to out: inout [UInt8]) {
        let digits = v == 0 ? 1 : (64 - v.leadingZeroBitCount + 3) / 4
        for k in stride(from: digits - 1, through: 0, by: -1) {
            out.append(hexDigits[Int((v >> (UInt64(k) * 4)) & 0xf)])
        }
    }

    /// FlowFormatter.duration without the trailing `s`.
    static func duration(_ sec: UInt32, _ nsec: UInt32, to out: inout [UInt8]) {
        decimal(UInt64(sec), to: &out)
        guard nsec > 0 else { return }
        out.append(UInt8(ascii: "."))
        let msec = nsec / 1_000_000
        if msec * 1_000_000 == nsec {
            padded(UInt64(msec), width: 3, to: &out)
        } else {
            var n = nsec
            var width = 9
            while n % 10 == 0 {
                n /= 10
                width -= 1
            }
            padded(UInt64(n), width: width, to: &out)
        }
    }

    static func padded(_ v: UInt64, width: Int, to out: inout [UInt8]) {
        var d = 1
        var p: UInt64 = 10
        while p <= v {
            d += 1
            p *= 10
        }
        for _ in 0..<max(0, width - d) { out.append(UInt8(ascii: "0")) }
        decimal(v, to: &out)
    }

    static func ipv4(_ v: UInt32, to out: inout [UInt8]) {
        decimal(UInt64(v >> 24), to: &out)
        out.append(UInt8(ascii: "."))
        decimal(UInt64((v >> 16) & 0xff), to: &out)
        out.append(UInt8(ascii: "."))
        decimal(UInt64((v >> 8) & 0xff), to: &out)
        out.append(UInt8(ascii: "."))
        decimal(UInt64(v & 0xff), to: &out)
    }

    static func ethernet(_ v: UInt64, to out: inout [UInt8]) {
        for i in stride(from: 40, through: 0, by: -8) {
            let byte = Int((v >> UInt64(i)) & 0xff)
            if i != 40 { out.append(UInt8(ascii: ":")) }
            out.append(hexDigits[byte >> 4])
            out.append(hexDigits[byte & 0xf])
        }
    }
}

/// The match fields the writer prints itself, read from the TLVs; nil for any other match.
private struct CommonMatch {
    var inPort: UInt32?
    var ethDst: UInt64?
    var ethSrc: UInt64?
    var ethType: UInt16?
    var ipProto: UInt8?
    var nwSrc: (value: UInt32, mask: UInt32)?
    var nwDst: (value: UInt32, mask: UInt32)?
    /// OXM field numbers of the transport fields present (13…16 TCP/UDP, 19/20 ICMPv4).
    var tpSrc: (field: UInt8, value: UInt16)?
    var tpDst: (field: UInt8, value: UInt16)?

    init?(tlvs: UnsafeRawBufferPointer) {
        var o = 0
        while o < tlvs.count {
            guard o + 4 <= tlvs.count else { return nil }
            let header =
                UInt32(tlvs[o]) << 24 | UInt32(tlvs[o + 1]) << 16 | UInt32(tlvs[o + 2]) << 8 | UInt32(tlvs[o + 3])
            let length = Int(header & 0xff)
            let masked = header & 0x100 != 0
            let field = UInt8(truncatingIfNeeded: (header >> 9) & 0x7f)
            guard header >> 16 == 0x8000, o + 4 + length <= tlvs.count else { return nil }
            func value(_ width: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<width { v = v << 8 | UInt64(tlvs[o + 4 + k]) }
                return v
            }
            func mask(_ width: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<width { v = v << 8 | UInt64(tlvs[o + 4 + width + k]) }
                return v
            }
            // Each field once, with its OpenFlow width; only IPv4 addresses may be masked.
            switch (field, masked, length) {
            case (0, false, 4) where inPort == nil: inPort = UInt32(value(4))
            case (3, false, 6) where ethDst == nil: ethDst = value(6)
            case (4, false, 6) where ethSrc == nil: ethSrc = value(6)
            case (5, false, 2) where ethType == nil: ethType = UInt16(value(2))
            case (10, false, 1) where ipProto == nil: ipProto = UInt8(value(1))
            case (11, false, 4) where nwSrc == nil: nwSrc = (UInt32(value(4)), .max)
            case (11, true, 8) where nwSrc == nil: nwSrc = (UInt32(value(4)), UInt32(mask(4)))
            case (12, false, 4) where nwDst == nil: nwDst = (UInt32(value(4)), .max)
            case (12, true, 8) where nwDst == nil: nwDst = (UInt32(value(4)), UInt32(mask(4)))
            case (13, false, 2) where tpSrc == nil, (15, false, 2) where tpSrc == nil:
                tpSrc = (field, UInt16(value(2)))
            case (14, false, 2) where tpDst == nil, (16, false, 2) where tpDst == nil:
                tpDst = (field, UInt16(value(2)))
            case (19, false, 1) where tpSrc == nil: tpSrc = (field, UInt16(value(1)))
            case (20, false, 1) where tpDst == nil: tpDst = (field, UInt16(value(1)))
            default: return nil
            }
            o += 4 + length
        }
        // Only what MatchFormatter would print, all of it: addresses under IPv4, a protocol
        // under IPv4/IPv6, ports under their own protocol.
        let v4 = ethType == 0x0800
        let v6 = ethType == 0x86DD
        if (nwSrc != nil || nwDst != nil) && !v4 { return nil }
        if ipProto != nil && !(v4 || v6) { return nil }
        for tp in [tpSrc?.field, tpDst?.field].compactMap({ $0 }) {
            switch tp {
            case 13, 14: guard ipProto == 6 else { return nil }
            case 15, 16: guard ipProto == 17 else { return nil }
            default: guard ipProto == 1, v4 else { return nil }
            }
        }
    }

    /// MatchFormatter.format for these fields; false (part written) for a reserved in_port.
    func write(priority: UInt16, to out: inout [UInt8]) -> Bool {
        var first = true
        func separate() {
            if !first { out.append(comma) }
            first = false
        }
        func word(_ s: StaticString) {
            separate()
            out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }
        if priority != 0x8000 {
            word("priority=")
            FlowDumpWriter.decimal(UInt64(priority), to: &out)
        }
        var skipType = false
        var skipProto = false
        if let ethType {
            skipType = true
            switch ethType {
            case 0x0800, 0x86DD:
                let v6 = ethType == 0x86DD
                switch ipProto {
                case 1 where !v6: word("icmp")
                case 58 where v6: word("icmp6")
                case 6: word(v6 ? "tcp6" : "tcp")
                case 17: word(v6 ? "udp6" : "udp")
                case 132: word(v6 ? "sctp6" : "sctp")
                default: word(v6 ? "ipv6" : "ip")
                }
                if let ipProto, [1, 58, 6, 17, 132].contains(ipProto), ipProto != (v6 ? 1 : 58) { skipProto = true }
            case 0x0806: word("arp")
            case 0x8035: word("rarp")
            case 0x8847: word("mpls")
            case 0x8848: word("mplsm")
            default: skipType = false
            }
        }
        if let inPort {
            // Reserved ports print by name: MatchFormatter's PortSyntax.
            guard inPort < PortNumber.max.rawValue else { return false }
            word("in_port=")
            FlowDumpWriter.decimal(UInt64(inPort), to: &out)
        }
        if let ethSrc {
            word("dl_src=")
            FlowDumpWriter.ethernet(ethSrc, to: &out)
        }
        if let ethDst {
            word("dl_dst=")
            FlowDumpWriter.ethernet(ethDst, to: &out)
        }
        if !skipType, let ethType {
            word("dl_type=0x")
            let digits = ethType == 0 ? 1 : (16 - ethType.leadingZeroBitCount + 3) / 4
            for _ in digits..<4 { out.append(UInt8(ascii: "0")) }
            FlowDumpWriter.hex(UInt64(ethType), to: &out)
        }
        if let nwSrc {
            word("nw_src=")
            address(nwSrc, to: &out)
        }
        if let nwDst {
            word("nw_dst=")
            address(nwDst, to: &out)
        }
        if !skipProto, let ipProto {
            word("nw_proto=")
            FlowDumpWriter.decimal(UInt64(ipProto), to: &out)
        }
        let icmp = ipProto == 1
        if let tpSrc {
            if icmp { word("icmp_type=") } else { word("tp_src=") }
            FlowDumpWriter.decimal(UInt64(tpSrc.value), to: &out)
        }
        if let tpDst {
            if icmp { word("icmp_code=") } else { word("tp_dst=") }
            FlowDumpWriter.decimal(UInt64(tpDst.value), to: &out)
        }
        return true
    }

    /// ValueSyntax.ipv4Masked: `/bits` for a prefix mask, else a dotted mask.
    private func address(_ a: (value: UInt32, mask: UInt32), to out: inout [UInt8]) {
        FlowDumpWriter.ipv4(a.value, to: &out)
        guard a.mask != .max else { return }
        out.append(UInt8(ascii: "/"))
        let bits = a.mask.nonzeroBitCount
        if a.mask == (bits == 0 ? 0 : ~UInt32(0) << (32 - bits)) {
            FlowDumpWriter.decimal(UInt64(bits), to: &out)
        } else {
            FlowDumpWriter.ipv4(a.mask, to: &out)
        }
    }
}

private let space = UInt8(ascii: " ")
private let comma = UInt8(ascii: ",")
private let newline = UInt8(ascii: "\n")
private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
