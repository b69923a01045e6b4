/// IPv6 text the way inet_pton reads it and glibc's inet_ntop writes it (which is what
/// ovs-ofctl prints): the longest run of two or more zero groups becomes `::`, the first on
/// a tie; IPv4-compatible and IPv4-mapped addresses end in dotted quad.
enum IPv6Syntax {
    static func parse(_ text: String) -> UInt128? {
        var s = Substring(text)
        if s.hasPrefix("[") && s.hasSuffix("]") { s = s.dropFirst().dropLast() }
        var tail: [UInt16] = []
        var head: [UInt16] = []
        let halves = s.pieces(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, piece.contains(".") {
                    guard let v4 = try? ValueSyntax.ipv4(String(piece)) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                } else {
                    guard !piece.isEmpty, piece.count <= 4, let g = UInt16(piece, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let h = groups(halves[0]) else { return nil }
        head = h
        if halves.count == 2 {
            guard let t = groups(halves[1]) else { return nil }
            tail = t
            guard head.count + tail.count <= 7 else { return nil }
        } else {
            guard head.count == 8 else { return nil }
        }
        let all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        var v: UInt128 = 0
        for g in all { v = v << 16 | UInt128(g) }
        return v
    }

    static func format(_ v: UInt128) -> String {
        let words = (0..<8).map { UInt16(truncatingIfNeeded: v >> ((7 - $0) * 16)) }
        var bestBase = -1
        var bestLen = 0
        var i = 0
        while i < 8 {
            if words[i] == 0 {
                var j = i
                while j < 8 && words[j] == 0 { j += 1 }
                if j - i > bestLen {
                    bestBase = i
                    bestLen = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        if bestLen < 2 { bestBase = -1 }
        var s = ""
        i = 0
        while i < 8 {
            if i == bestBase {
                s += "::"
                i += bestLen
                if i == 8 { break }
                continue
            }
            if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff)) {
                if !s.hasSuffix(":") { s += ":" }
                s += ValueSyntax.ipv4(UInt32(truncatingIfNeeded: v))
                break
            }
            if !s.isEmpty && !s.hasSuffix(":") { s += ":" }
            s += String(words[i], radix: 16)
            i += 1
        }
        return s
    }
}
