import OpenFlow
import TextSuggestions

/// `ct(commit,zone=5,table=2,exec(...),alg=ftp,nat(dst=10.0.0.5:8080))` and `nat(...)`.
extension ActionParser {
    mutating func conntrack(_ token: Token) throws(SyntaxError) -> NiciraAction {
        var ct = NiciraAction.Conntrack()
        var nat: NiciraAction.NAT?
        var exec: [Action] = []
        for t in try Tokenizer.tokens(Substring(token.value ?? ""), column: token.valueColumn) {
            switch t.key {
            case "commit": ct.flags.insert(.commit)
            case "force": ct.flags.insert(.force)
            case "table":
                ct.recirculateTable = UInt8(try number(t, bytes: 1))
            case "zone":
                let text = t.value ?? ""
                if let v = try? ValueSyntax.integer(text, bytes: 2) {
                    ct.zone = .immediate(UInt16(v))
                } else {
                    let sub = try Subfield.parse(text, column: t.valueColumn)
                    ct.zone = .field(sub.header, offset: UInt16(sub.offset), nBits: UInt8(sub.nBits))
                }
            case "alg":
                switch t.value {
                case "ftp": ct.alg = 21
                case "tftp": ct.alg = 69
                default: ct.alg = UInt16(try number(t, bytes: 2))
                }
            case "exec":
                var inner = ActionParser(context: context, names: names)
                exec = try inner.actions(Substring(t.value ?? ""), column: t.valueColumn)
            case "nat":
                nat = try self.nat(t)
            default:
                throw SyntaxError(
                    "unknown ct argument '\(t.key)'", column: t.column, token: t.key,
                    expected: "commit, force, table=, zone=, exec(), alg=, nat",
                    suggestion: DidYouMean.suggestion(
                        for: t.key, among: ["commit", "force", "table", "zone", "exec", "alg", "nat"]))
            }
        }
        ct.actions = (nat.map { [Action.nicira(.nat($0))] } ?? []) + exec
        return .ct(ct)
    }

    func nat(_ token: Token) throws(SyntaxError) -> NiciraAction.NAT {
        var nat = NiciraAction.NAT()
        guard token.separator == "(" else { return nat }
        for t in try Tokenizer.tokens(Substring(token.value ?? ""), column: token.valueColumn) {
            switch t.key {
            case "src", "dst":
                nat.flags.insert(t.key == "src" ? .src : .dst)
                if let range = t.value { try natRange(range, column: t.valueColumn, into: &nat) }
            case "persistent": nat.flags.insert(.persistent)
            case "hash": nat.flags.insert(.protoHash)
            case "random": nat.flags.insert(.protoRandom)
            default:
                throw SyntaxError(
                    "unknown nat argument '\(t.key)'", column: t.column, token: t.key,
                    expected: "src[=ADDR[-ADDR][:PORT[-PORT]]], dst[=...], persistent, hash, random")
            }
        }
        return nat
    }

    private func natRange(_ text: String, column: Int, into nat: inout NiciraAction.NAT) throws(SyntaxError) {
        let bad = SyntaxError(
            "bad nat address range '\(text)'", column: column, token: text,
            expected: "IP[-IP][:PORT[-PORT]] or [IPv6][-[IPv6]][:PORT[-PORT]]")
        var addresses = Substring(text)
        var ports: Substring?
        if text.hasPrefix("[") {
            // IPv6 in brackets; the port follows the last ']'.
            if let close = text.lastIndex(of: "]") {
                addresses = text[...close]
                let rest = text[text.index(after: close)...]
                if rest.hasPrefix(":") { ports = rest.dropFirst() } else if !rest.isEmpty { throw bad }
            }
            let parts = addresses.split(separator: "-")
            guard (1...2).contains(parts.count), let lo = IPv6Syntax.parse(String(parts[0])) else { throw bad }
            nat.ipv6Min = lo
            if parts.count == 2 {
                guard let hi = IPv6Syntax.parse(String(parts[1])) else { throw bad }
                nat.ipv6Max = hi
            }
        } else {
            if let colon = text.firstIndex(of: ":") {
                addresses = text[..<colon]
                ports = text[text.index(after: colon)...]
            }
            let parts = addresses.split(separator: "-")
            guard (1...2).contains(parts.count), let lo = try? ValueSyntax.ipv4(String(parts[0])) else { throw bad }
            nat.ipv4Min = lo
            if parts.count == 2 {
                guard let hi = try? ValueSyntax.ipv4(String(parts[1])) else { throw bad }
                nat.ipv4Max = hi
            }
        }
        if let ports {
            let parts = ports.split(separator: "-")
            guard (1...2).contains(parts.count), let lo = UInt16(parts[0]) else { throw bad }
            nat.portMin = lo
            if parts.count == 2 {
                guard let hi = UInt16(parts[1]) else { throw bad }
                nat.portMax = hi
            }
        }
    }
}
