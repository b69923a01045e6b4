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
