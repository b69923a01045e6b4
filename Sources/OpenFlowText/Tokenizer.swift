/// One `key=value`, `key:value`, `key(args)` or bare word of a flow or action string, with its
/// position so errors can point at it.
struct Token: Hashable, Sendable {
    var key: String
    /// Text after `=` or `:` (nil for a bare word). For `key(args)` this is `args`.
    var value: String?
    /// The separator that introduced the value: "=", ":" or "(".
    var separator: Character?
    /// Whole token text as written.
    var text: String
    /// 1-based column of the token's first character.
    var column: Int
    /// 1-based column of the value's first character.
    var valueColumn: Int
}

enum Tokenizer {
    /// Splits at top-level commas (and, like ovs-ofctl, spaces), keeping parentheses intact.
    /// `column` is the 1-based column of `text`'s first character in the whole input.
    static func split(_ text: Substring, column: Int = 1) throws(SyntaxError) -> [(String, Int)] {
        var parts: [(String, Int)] = []
        var depth = 0
        var current = ""
        var start = column
        var col = column
        for ch in text {
            defer { col += 1 }
            if depth == 0 && (ch == "," || ch == " " || ch == "\t") {
                if !current.isEmpty { parts.append((current, start)) }
                current = ""
                start = col + 1
                continue
            }
            if ch == "(" { depth += 1 }
            if ch == ")" {
                depth -= 1
                if depth < 0 { throw SyntaxError("unbalanced ')'", column: col, token: ")") }
            }
            if current.isEmpty { start = col }
            current.append(ch)
        }
        if depth > 0 { throw SyntaxError("missing ')'", column: start, token: current, expected: "')'") }
        if !current.isEmpty { parts.append((current, start)) }
        return parts
    }

    /// Parses one part into key and value. `=` and `:` both introduce a value (ovs-ofctl
    /// accepts `output:1` and `output=1`... for actions `:` is the norm, for fields `=`).
    static func token(_ part: String, column: Int) -> Token {
        var key = ""
        var index = part.startIndex
        while index < part.endIndex {
            let ch = part[index]
            if ch == "=" || ch == ":" || ch == "(" { break }
            key.append(ch)
            index = part.index(after: index)
        }
        guard index < part.endIndex else {
            return Token(key: part, value: nil, separator: nil, text: part, column: column, valueColumn: column)
        }
        let separator = part[index]
        var value = String(part[part.index(after: index)...])
        if separator == "(" {
            guard value.hasSuffix(")") else {
                return Token(
                    key: key, value: value, separator: "(", text: part, column: column,
                    valueColumn: column + key.count + 1)
            }
            value.removeLast()
        }
        return Token(
            key: key, value: value, separator: separator, text: part, column: column,
            valueColumn: column + key.count + 1)
    }

    static func tokens(_ text: Substring, column: Int = 1) throws(SyntaxError) -> [Token] {
        try split(text, column: column).map { token($0.0, column: $0.1) }
    }
}

extension StringProtocol {
    /// Splits at every occurrence of a multi-character separator (no Foundation here).
    func pieces(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var current = ""
        var rest = Substring(self)
        while !rest.isEmpty {
            if rest.hasPrefix(separator) {
                out.append(current)
                current = ""
                rest = rest.dropFirst(separator.count)
            } else {
                current.append(rest.removeFirst())
            }
        }
        out.append(current)
        return out
    }
}
