/// "did you mean …?" for misspelt keys, fields, actions and commands: one rule for every tool, so
/// `ofctl`, the flow syntax, topology files and policy rules suggest the same way.
public enum DidYouMean {
    /// The candidate closest to `word` (case-insensitive) if it is close enough to be a plausible
    /// typo: two edits for short words, three from nine characters on.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().utf8)
        let limit = max(2, min(3, target.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().utf8))
            if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The hint for an unknown word: a suggestion, or the list of what is allowed.
    public static func hint(for word: String, among candidates: [String]) -> String {
        if let match = suggestion(for: word, among: candidates) { return "did you mean `\(match)`?" }
        return "expected one of: " + candidates.joined(separator: ", ")
    }

    /// Edit distance counting an adjacent transposition as one edit (`tpc` is one typo from `tcp`).
    public static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
