/// How ovs-ofctl shortens a list of field names: a run sharing a prefix that ends in "_" prints
/// once with the rest in braces (`eth_{src,dst}`, nested as needed), and a run of names that
/// differ only by a number counting up prints as its ends (`reg0...reg15`). The rules below
/// reproduce ovs-ofctl 3.1's output, including which of two possible runs it picks.
enum NameFolding {
    static func fold(_ names: [String]) -> String {
        var out = ""
        fold(names.map { Array($0.utf8) }[...], prefix: 0, into: &out)
        return out
    }

    private static func fold(_ ids: ArraySlice<[UInt8]>, prefix: Int, into out: inout String) {
        var rest = ids
        var first = true
        while !rest.isEmpty {
            if !first { out += prefix > 0 ? "," : " " }
            first = false
            let (prefixRun, extra) = commonPrefixRun(rest, prefix)
            let suffixRun = sequentialRun(rest)
            let run = max(prefixRun, suffixRun)
            let head = rest[rest.startIndex]
            if suffixRun >= prefixRun {
                out += text(head.dropFirst(prefix))
                if run > 1 { out += "..." + text(rest[rest.startIndex + run - 1].dropFirst(prefix)) }
            } else {
                out += text(head.dropFirst(prefix).prefix(extra)) + "{"
                fold(rest.prefix(run), prefix: prefix + extra, into: &out)
                out += "}"
            }
            rest = rest.dropFirst(run)
        }
    }

    private static func text<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: Array(bytes), as: UTF8.self)
    }

    /// Length of the longest common prefix of `a` and `b` that ends in "_" (0 if none).
    private static func commonPrefix(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        var length = 0
        for (i, (x, y)) in zip(a, b).enumerated() {
            if x != y { break }
            if x == UInt8(ascii: "_") { length = i + 1 }
        }
        return length
    }

    /// How many names at the start share some further "_" prefix with the first, and the
    /// length of the prefix the first two share (the one printed before the brace).
    private static func commonPrefixRun(_ ids: ArraySlice<[UInt8]>, _ prefix: Int) -> (Int, Int) {
        guard ids.count >= 2 else { return (ids.count, 0) }
        let first = ids[ids.startIndex].dropFirst(prefix)
        let extra = commonPrefix(first, ids[ids.startIndex + 1].dropFirst(prefix))
        guard extra > 0 else { return (1, 0) }
        var i = 2
        while i < ids.count, commonPrefix(first, ids[ids.startIndex + i].dropFirst(prefix)) > 0 { i += 1 }
        return (i, extra)
    }

    /// Whether `b` is `a` with its trailing number one larger ("reg0", "reg1").
    private static func sequential(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var i = 0
        while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
        if i == a.count && i == b.count { return false }
        let ta = a[i...]
        let tb = b[i...]
        func digits(_ s: ArraySlice<UInt8>) -> Int? {
            guard !s.isEmpty, s.count < 10, s.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(String(decoding: Array(s), as: UTF8.self))
        }
        guard let x = digits(ta), let y = digits(tb) else { return false }
        return x + 1 == y
    }

    /// How many names at the start count up; a run of two is not worth folding.
    private static func sequentialRun(_ ids: ArraySlice<[UInt8]>) -> Int {
        var i = 1
        while i < ids.count, sequential(ids[ids.startIndex + i - 1], ids[ids.startIndex + i]) { i += 1 }
        return i == 2 ? 1 : i
    }
}
