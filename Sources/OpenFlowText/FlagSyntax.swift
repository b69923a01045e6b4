import TextSuggestions

/// Bit-flag fields written as words: `ct_state=+trk+new`, `ct_state=est|trk`,
/// `tcp_flags=+syn-ack`, or as plain numbers with an optional mask.
enum FlagSyntax {
    /// Bit names from the least significant bit up (OVS's CS_STATES and TCP flag order).
    static let ctState = ["new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"]
    static let tcp = ["fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns", "[200]", "[400]", "[800]"]

    static func parse(_ text: String, names: [String], width: Int) throws(ValueError) -> MaskedValue {
        let full: UInt128 = (1 << width) - 1
        if let first = text.first, first.isNumber {
            return try ValueSyntax.parseNumberMasked(text, full: full)
        }
        if text.first == "+" || text.first == "-" {
            var value: UInt128 = 0
            var mask: UInt128 = 0
            var rest = Substring(text)
            while let sign = rest.first {
                guard sign == "+" || sign == "-" else { throw ValueError("'\(text)': expected + or - before a flag") }
                rest = rest.dropFirst()
                let end = rest.firstIndex { $0 == "+" || $0 == "-" } ?? rest.endIndex
                let word = String(rest[..<end])
                guard let bit = names.firstIndex(of: word) else { throw unknown(word, names) }
                mask |= 1 << bit
                if sign == "+" { value |= 1 << bit }
                rest = rest[end...]
            }
            return MaskedValue(value: value, mask: mask == full ? nil : mask)
        }
        var value: UInt128 = 0
        for word in text.split(separator: "|") {
            guard let bit = names.firstIndex(of: String(word)) else { throw unknown(String(word), names) }
            value |= 1 << bit
        }
        return MaskedValue(value: value, mask: nil)
    }

    private static func unknown(_ word: String, _ names: [String]) -> ValueError {
        let hint = DidYouMean.suggestion(for: word, among: names).map { " (did you mean \($0)?)" } ?? ""
        return ValueError(
            "unknown flag '\(word)'\(hint); known: \(names.filter { !$0.hasPrefix("[") }.joined(separator: ", "))")
    }

    /// OVS's format_flags_masked: `a|b` when the mask covers every known bit, else `+a-b`.
    static func format(_ value: UInt128, mask: UInt128, names: [String], full: UInt128, separator: Character) -> String
    {
        let m = mask & full
        if m == full {
            if value & full == 0 { return "0" }
            var words: [String] = []
            for bit in 0..<names.count where value & (1 << bit) != 0 { words.append(names[bit]) }
            return words.joined(separator: String(separator))
        }
        if m == 0 { return "0/0" }
        var s = ""
        for bit in 0..<names.count where m & (1 << bit) != 0 {
            s += (value & (1 << bit) != 0 ? "+" : "-") + names[bit]
        }
        return s
    }
}

extension ValueSyntax {
    static func parseNumberMasked(_ text: String, full: UInt128) throws(ValueError) -> MaskedValue {
        var value: UInt128
        var mask: UInt128?
        if let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) {
            value = try integer(String(text[..<slash]), bytes: 16)
            let m = try integer(String(text[text.index(after: slash)...]), bytes: 16)
            mask = m
            value &= m
        } else {
            value = try integer(text, bytes: 16)
        }
        guard value <= full, (mask ?? 0) <= full else { throw ValueError("\(text) has bits outside the field") }
        return MaskedValue(value: value, mask: mask == full ? nil : mask)
    }
}
