import OpenFlow
import TextSuggestions

/// Group strings (`group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=...`) to
/// GROUP_MODs, and group descriptions back to the text `dump-groups` prints.
public enum GroupSyntax {
    static let types: [(String, GroupType)] = [
        ("all", .all), ("select", .select), ("indirect", .indirect), ("ff", .fastFailover),
        ("fast_failover", .fastFailover),
    ]

    /// `command` decides what is required: adds need a type, deletes need neither type nor buckets.
    public static func parse(
        _ text: String, command: GroupModCommand = .add, names: PortNames? = nil
    ) throws(SyntaxError) -> GroupMod {
        var mod = GroupMod(command: command, type: .all, groupID: command == .delete ? GroupID.all : 0)
        var sawID = false
        var sawType = false
        // Everything from the first `bucket=` on belongs to buckets; each bucket runs to the next.
        let pieces = bucketPieces(text)
        for t in try Tokenizer.tokens(pieces.head) {
            switch t.key {
            case "group_id":
                let v = t.value ?? ""
                if v == "all" {
                    mod.groupID = GroupID.all
                } else if v == "any" {
                    mod.groupID = GroupID.any
                } else {
                    guard let id = try? ValueSyntax.integer(v, bytes: 4) else {
                        throw SyntaxError(
                            "group_id: '\(v)' is not a number", column: t.valueColumn, token: v,
                            expected: "a group number")
                    }
                    mod.groupID = UInt32(id)
                }
                sawID = true
            case "type":
                guard let type = types.first(where: { $0.0 == t.value })?.1 else {
                    throw SyntaxError(
                        "unknown group type '\(t.value ?? "")'", column: t.valueColumn, token: t.value ?? "",
                        expected: "all, select, indirect or ff",
                        suggestion: DidYouMean.suggestion(for: t.value ?? "", among: types.map(\.0)))
                }
                mod.type = type
                sawType = true
            default:
                throw SyntaxError(
                    "unknown group field '\(t.key)'", column: t.column, token: t.key,
                    expected: "group_id=, type=, bucket=",
                    suggestion: DidYouMean.suggestion(for: t.key, among: ["group_id", "type", "bucket"]))
            }
        }
        if !sawID && command != .delete {
            throw SyntaxError("must specify a group_id", column: 1, token: text, expected: "group_id=N")
        }
        if !sawType && command == .add {
            throw SyntaxError("must specify a type", column: 1, token: text, expected: "type=all|select|indirect|ff")
        }
        for (bucketText, column) in pieces.buckets {
            mod.buckets.append(try bucket(bucketText, column: column, type: mod.type, names: names))
        }
        return mod
    }

    private static func bucketPieces(_ text: String) -> (head: Substring, buckets: [(Substring, Int)]) {
        var starts: [String.Index] = []
        var depth = 0
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if depth == 0, ch == "b", text[i...].hasPrefix("bucket="),
                i == text.startIndex || [",", " "].contains(text[text.index(before: i)])
            {
                starts.append(i)
            }
            i = text.index(after: i)
        }
        guard let first = starts.first else { return (Substring(text), []) }
        var buckets: [(Substring, Int)] = []
        for (n, start) in starts.enumerated() {
            let body = text.index(start, offsetBy: 7)
            var end = n + 1 < starts.count ? starts[n + 1] : text.endIndex
            if end > body && n + 1 < starts.count { end = text.index(before: end) }
            buckets.append((text[body..<max(body, end)], text.distance(from: text.startIndex, to: body) + 1))
        }
        return (text[..<first], buckets)
    }

    private static func bucket(
        _ text: Substring, column: Int, type: GroupType, names: PortNames?
    ) throws(SyntaxError) -> Bucket {
        var bucket = Bucket(weight: type == .select ? 1 : 0, actions: [])
        var actionTokens: [Token] = []
        var parser = ActionParser(context: FlowMatch(), names: names)
        var inActions = false
        for t in try Tokenizer.tokens(text, column: column) {
            if !inActions {
                switch t.key {
                case "weight":
                    bucket.weight = UInt16(try parser.number(t, bytes: 2))
                    continue
                case "watch_port":
                    bucket.watchPort = try parser.port(t.value ?? "", t)
                    continue
                case "watch_group":
                    bucket.watchGroup = UInt32(try parser.number(t, bytes: 4))
                    continue
                case "bucket_id":
                    continue
                case "actions":
                    inActions = true
                    // `actions=output:1` tokenizes as key "actions", value "output:1".
                    if let v = t.value, !v.isEmpty {
                        actionTokens.append(Tokenizer.token(v, column: t.valueColumn))
                    }
                    continue
                default:
                    inActions = true
                }
            }
            actionTokens.append(t)
        }
        for t in actionTokens { try parser.action(t, into: &bucket.actions) }
        return bucket
    }

    /// One `dump-groups` line, without the leading space.
    public static func format(_ g: GroupDescription, names: PortNames? = nil) -> String {
        format(groupID: g.groupID, type: g.type, buckets: g.buckets, names: names)
    }

    public static func format(groupID: UInt32, type: GroupType, buckets: [Bucket]?, names: PortNames? = nil) -> String {
        let typeNames = ["all", "select", "indirect", "ff"]
        var s = "group_id=\(groupID),type=" + (Int(type.rawValue) < 4 ? typeNames[Int(type.rawValue)] : "unknown")
        guard let buckets, !buckets.isEmpty else { return s }
        for b in buckets {
            s += ",bucket="
            if b.weight != (type == .select ? 1 : 0) { s += "weight:\(b.weight)," }
            if b.watchPort != .any { s += "watch_port:" + PortSyntax.format(b.watchPort, names: names) + "," }
            if b.watchGroup != GroupID.any { s += "watch_group:\(b.watchGroup)," }
            s += "actions=" + ActionFormatter.format(b.actions, names: names)
        }
        return s
    }
}
