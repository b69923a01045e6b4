/// A word of a rule and where it starts.
struct Token: Sendable {
    let text: String
    let location: SourceLocation
}

/// Splits a rule at blanks, remembering each word's column.
struct RuleTokens {
    private var tokens: [Token] = []
    private var index = 0
    /// Just past the last character: where a missing word would go.
    let end: SourceLocation

    init(_ text: String, origin: SourceLocation) {
        // Printable ASCII (what rules are written in) has one column per byte: split the bytes
        // rather than walk grapheme clusters and grow each word a character at a time, which was
        // most of reading a file of ten thousand rules.
        if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) {
            var column = origin.column
            var start: String.Index?
            var startColumn = column
            var index = text.utf8.startIndex
            while index != text.utf8.endIndex {
                let byte = text.utf8[index]
                if byte == 0x20 || byte == 0x09 {
                    if let first = start { tokens.append(Self.token(String(text[first..<index]), origin, startColumn)) }
                    start = nil
                } else if start == nil {
                    start = index
                    startColumn = column
                }
                column += 1
                text.utf8.formIndex(after: &index)
            }
            if let first = start { tokens.append(Self.token(String(text[first...]), origin, startColumn)) }
            end = SourceLocation(file: origin.file, line: origin.line, column: column)
            return
        }
        var column = origin.column
        var current = ""
        var start = column
        for character in text {
            if character == " " || character == "\t" {
                if !current.isEmpty { tokens.append(Self.token(current, origin, start)) }
                current = ""
            } else {
                if current.isEmpty { start = column }
                current.append(character)
            }
            column += 1
        }
        if !current.isEmpty { tokens.append(Self.token(current, origin, start)) }
        end = SourceLocation(file: origin.file, line: origin.line, column: column)
    }

    private static func token(_ text: String, _ origin: SourceLocation, _ column: Int) -> Token {
        Token(text: text, location: SourceLocation(file: origin.file, line: origin.line, column: column))
    }

    var peek: Token? { index < tokens.count ? tokens[index] : nil }

    mutating func next() -> Token? {
        defer { index += 1 }
        return peek
    }

    /// The word after an option, or an error naming what was expected.
    mutating func value(after option: Token, _ expected: String) throws(RuleSyntaxError) -> Token {
        guard let value = next(), !value.text.hasPrefix("-") || Int(value.text) != nil else {
            throw RuleSyntaxError("\(option.text) needs \(expected)", at: option.location)
        }
        return value
    }
}
