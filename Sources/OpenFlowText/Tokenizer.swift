/// One `key=value`, `key:value`, `key(args)` or bare word of a flow or action string, with its
/// position so errors can point at it.
struct Token: Hashable, Sendable {
    var key: String
    /// Text after `=` or `:` (nil for a bare word). For `key(args)` this is `args`.
    var value: String?
    /// The separator that introduced the value: "=", ":" or "(".
    var separator: Character?
    /// Whole token text as written: a slice of the input, made a `String` only for messages.
    var slice: Substring
    var text: String { String(slice) }
    /// 1-based column of the token's first character.
    var column: Int
    /// 1-based column of the value's first character.
    var valueColumn: Int
}

enum Tokenizer {
    /// Splits at top-level commas (and, like ovs-ofctl, spaces), keeping parentheses intact.
    /// `column` is the 1-based column of `text`'s first character in the whole input. Works on
    /// UTF-8 bytes: flow files of 100,000 lines go through here.
    static func split(_ text: Substring, column: Int = 1) throws(SyntaxError) -> [(Substring, Int)] {
        var parts: [(Substring, Int)] = []
        let utf8 = text.utf8
        var depth = 0
        var partStart: Substring.UTF8View.Index?
        var startColumn = column
        var col = column
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if depth == 0 && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) {
                if let s = partStart { parts.append((text[s..<index], startColumn)) }
                partStart = nil
            } else {
                if byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: ")") {
                    depth -= 1
                    if depth < 0 { throw SyntaxError("unbalanced ')'", column: col, token: ")") }
                }
                if partStart == nil {
                    partStart = index
                    startColumn = col
                }
            }
            // Count columns in characters: continuation bytes do not start one.
            if byte & 0xC0 != 0x80 { col += 1 }
            index = utf8.index(after: index)
        }
        if let s = partStart {
            let part = text[s...]
            if depth > 0 {
                throw SyntaxError("missing ')'", column: startColumn, token: String(part), expected: "')'")
            }
            parts.append((part, startColumn))
        }
        return parts
    }

    /// Parses one part into key and value. `=` and `:` both introduce a value (ovs-ofctl
    /// accepts `output:1` and `output=1`; for actions `:` is the norm, for fields `=`).
    static func token(_ part: String, column: Int) -> Token { token(Substring(part), column: column) }

    static func token(_ part: Substring, column: Int) -> Token {
        let utf8 = part.utf8
        guard
            let sep = utf8.firstIndex(where: {
                $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "(")
            })
        else {
            return Token(
                key: String(part), value: nil, separator: nil, slice: part, column: column, valueColumn: column)
        }
        let key = String(part[..<sep])
        let separator = Character(UnicodeScalar(utf8[sep]))
        var value = String(part[utf8.index(after: sep)...])
        // Columns count characters; keys are almost always ASCII, where bytes are characters
        // and counting them costs nothing (String.count walks grapheme clusters).
        let keyBytes = part.utf8[..<sep]
        let keyWidth = keyBytes.allSatisfy { $0 < 0x80 } ? keyBytes.count : key.count
        let valueColumn = column + keyWidth + 1
        if separator == "(" && value.utf8.last == UInt8(ascii: ")") { value.removeLast() }
        return Token(
            key: key, value: value, separator: separator, slice: part, column: column, valueColumn: valueColumn)
    }

    static func tokens(_ text: Substring, column: Int = 1) throws(SyntaxError) -> [Token] {
        try split(text, column: column).map { token($0.0, column: $0.1) }
    }
}

extension StringProtocol {
    /// Splits at every occurrence of a multi-character separator (no Foundation here), left to
    /// right, keeping empty pieces. It scans UTF-8 bytes (a whole UTF-8 sequence can only match at
    /// a scalar boundary), because this runs for every `load:`, `move:` and `set_field:` of a flow
    /// file: a Character-by-Character version was a quarter of parsing them.
    func pieces(separatedBy separator: String) -> [String] {
        let sep = Array(separator.utf8)
        var text = String(self)
        guard let first = sep.first else { return [text] }
        return text.withUTF8 { bytes in
            var out: [String] = []
            var start = 0
            var i = 0
            while i + sep.count <= bytes.count {
                if bytes[i] == first, (1..<sep.count).allSatisfy({ bytes[i + $0] == sep[$0] }) {
                    out.append(String(decoding: bytes[start..<i], as: UTF8.self))
                    i += sep.count
                    start = i
                } else {
                    i += 1
                }
            }
            out.append(String(decoding: bytes[start...], as: UTF8.self))
            return out
        }
    }
}
