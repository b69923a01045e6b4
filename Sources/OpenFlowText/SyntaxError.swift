/// A flow, action or group string that does not parse. Carries where (1-based column in the
/// string, and the file line when the string came from a file), the offending token, what
/// was expected, and the nearest known name when the token looks like a misspelling.
public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based column of `token` in the parsed string.
    public var column: Int
    public var token: String
    public var expected: String?
    public var suggestion: String?
    /// 1-based line in the file the string came from, if any.
    public var line: Int?
    public var file: String?

    public init(
        _ message: String, column: Int, token: String, expected: String? = nil, suggestion: String? = nil
    ) {
        self.message = message
        self.column = column
        self.token = token
        self.expected = expected
        self.suggestion = suggestion
    }

    /// The same error, placed at a line of a file.
    public func at(file: String?, line: Int) -> SyntaxError {
        var copy = self
        copy.file = file
        copy.line = line
        return copy
    }

    /// The same error shifted right, for a string parsed as part of a longer one.
    func shifted(by offset: Int) -> SyntaxError {
        var copy = self
        copy.column += offset
        return copy
    }

    public var description: String {
        var position = ""
        if let line { position = "\(file ?? "-"):\(line):" }
        position += "\(column): "
        var text = position + message
        if let suggestion { text += " (did you mean \(suggestion)?)" }
        if let expected { text += "; expected \(expected)" }
        return text
    }
}

/// Nearest-name suggestions for misspelt fields and actions.
enum Suggestion {
    /// The candidate closest to `word` by edit distance, if close enough to be a likely typo.
    static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = Array(word.lowercased().utf8)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(lowered, Array(candidate.lowercased().utf8))
            if d < best?.1 ?? Int.max { best = (candidate, d) }
        }
        guard let best else { return nil }
        // Allow roughly one edit per three characters, at least one and at most three.
        let limit = max(1, min(3, lowered.count / 3))
        return best.1 <= limit ? best.0 : nil
    }

    /// Levenshtein distance, with an adjacent transposition counted as one edit.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
