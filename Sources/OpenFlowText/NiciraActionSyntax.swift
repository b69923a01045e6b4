import OpenFlow

/// `controller(...)`, `resubmit`, `note:` and `conjunction(...)`: actions with argument
/// syntax of their own.
extension ActionParser {
    func controller(_ t: Token) throws(SyntaxError) -> Action {
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

    func resubmit(_ t: Token) throws(SyntaxError) -> Action {
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

    func note(_ t: Token) throws(SyntaxError) -> [UInt8] {
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

    func conjunction(_ t: Token) throws(SyntaxError) -> Action {
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
