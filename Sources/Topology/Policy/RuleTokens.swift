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
        // most of reading a file of ten thousand rules. The bytes are read in place and each word
        // made from its bytes: slicing the String checks every index against its characters.
        var text = text
        var words: [Token] = []
        let ascii = text.withUTF8 { bytes -> SourceLocation? in
            guard bytes.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 }) else { return nil }
            words.reserveCapacity(16)
            var start: Int?
            for (offset, byte) in bytes.enumerated() {
                if byte == 0x20 || byte == 0x09 {
                    if let first = start { words.append(Self.token(bytes, first..<offset, origin)) }
                    start = nil
                } else if start == nil {
                    start = offset
                }
            }
            if let first = start { words.append(Self.token(bytes, first..<bytes.count, origin)) }
            return SourceLocation(file: origin.file, line: origin.line, column: origin.column + bytes.count)
        }
        if let ascii {
            tokens = words
            end = ascii
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

    /// The word at `range` of an ASCII rule's bytes; its column is its byte offset.
    private static func token(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ origin: SourceLocation
    ) -> Token {
        token(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self), origin,
            origin.column + range.lowerBound)
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
