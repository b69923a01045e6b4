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
