import TextSuggestions

/// A rule that cannot be read: what is wrong, where, and how to fix it.
public struct RuleSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    public var hint: String?

    public init(_ message: String, at location: SourceLocation, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// An unknown word, with the nearest known one suggested.
    static func unknown(_ what: String, _ token: Token, known: [String]) -> RuleSyntaxError {
        let suggestion = DidYouMean.suggestion(for: token.text, among: known).map { "did you mean \($0)?" }
        return RuleSyntaxError(
            "unknown \(what) '\(token.text)'", at: token.location,
            hint: suggestion ?? "expected one of: \(known.joined(separator: ", "))")
    }

    public var description: String {
        "\(location): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}
