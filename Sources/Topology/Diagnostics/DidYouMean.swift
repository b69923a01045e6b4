/// "did you mean …?" for misspelt keys and names: the closest candidate by edit distance, if it is
/// close enough to be a plausible typo.
enum DidYouMean {
    static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The hint text for an unknown word: a suggestion, or the list of what is allowed.
    static func hint(for word: String, among candidates: [String]) -> String {
        if let match = suggestion(for: word, among: candidates) { return "did you mean `\(match)`?" }
        return "expected one of: " + candidates.joined(separator: ", ")
    }

    /// Levenshtein distance, two rows at a time.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
