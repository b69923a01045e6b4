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
        let suggestion = nearest(to: token.text, among: known).map { "did you mean \($0)?" }
        return RuleSyntaxError(
            "unknown \(what) '\(token.text)'", at: token.location,
            hint: suggestion ?? "expected one of: \(known.joined(separator: ", "))")
    }

    public var description: String {
        "\(location): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

/// The candidate within a small edit distance of `word` (case-insensitive), if one is close enough
/// to be a plausible typo.
public func nearest(to word: String, among candidates: [String]) -> String? {
    let target = Array(word.lowercased())
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased()))
        if distance <= max(1, target.count / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
}

/// Edit distance counting an adjacent transposition as one edit (`tpc` is one typo from `tcp`).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
        }
    }
    return d[a.count][b.count]
}
