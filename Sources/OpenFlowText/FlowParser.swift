import OpenFlow

/// ovs-ofctl flow strings (`table=1,priority=10,tcp,tp_dst=80,actions=output:2`) into FLOW_MODs.
public enum FlowParser {
    /// Flow-level keywords (everything else before `actions=` is a match field).
    static let keywords = [
        "table", "priority", "cookie", "idle_timeout", "hard_timeout", "importance", "send_flow_rem",
        "check_overlap", "reset_counts", "no_packet_counts", "no_byte_counts", "out_port", "out_group", "actions",
    ]
    /// Printed by dump-flows and ignored when read back, so a dump parses as flows.
    static let statistics = ["duration", "n_packets", "n_bytes", "idle_age", "hard_age"]

    /// Parses one flow. For `.add`/`.modify*` an `actions=` part is required; for deletes and
    /// for matching requests (`dump-flows`) it is not, and `table` defaults to all tables.
    public static func parse(
        _ text: String, command: FlowModCommand = .add, names: PortNames? = nil
    ) throws(SyntaxError) -> FlowMod {
        // The usual add-flows line, straight from its bytes; nil for anything else.
        if command == .add, names == nil, let mod = FlowLineFastPath.parse(text) { return mod }
        return try parseGeneral(text, command: command, names: names)
    }

    /// `parse` without the fast path (tests compare the two).
    static func parseGeneral(
        _ text: String, command: FlowModCommand = .add, names: PortNames? = nil
    ) throws(SyntaxError) -> FlowMod {
        let isAdd = command == .add
        let needsActions = command == .add || command == .modify || command == .modifyStrict
        let isDelete = command == .delete || command == .deleteStrict
        var mod = FlowMod(command: command, tableID: isDelete ? TableID.all : 0)
        var (matchText, actionsText, actionsColumn) = split(text)
        if matchText.hasSuffix(",") || matchText.hasSuffix(" ") { matchText = matchText.dropLast() }
        var parser = MatchParser(names: names)
        for t in try Tokenizer.tokens(matchText) {
            switch t.key {
            case "table": mod.tableID = UInt8(try integer(t, bytes: 1))
            case "priority": mod.priority = UInt16(try integer(t, bytes: 2))
            case "idle_timeout": mod.idleTimeout = UInt16(try integer(t, bytes: 2))
            case "hard_timeout": mod.hardTimeout = UInt16(try integer(t, bytes: 2))
            case "importance": mod.importance = UInt16(try integer(t, bytes: 2))
            case "send_flow_rem": mod.flags.insert(.sendFlowRemoved)
            case "check_overlap": mod.flags.insert(.checkOverlap)
            case "reset_counts": mod.flags.insert(.resetCounts)
            case "no_packet_counts": mod.flags.insert(.noPacketCounts)
            case "no_byte_counts": mod.flags.insert(.noByteCounts)
            case "out_port":
                let p = try ActionParser(context: FlowMatch(), names: names).port(t.value ?? "", t)
                mod.outPort = p
            case "out_group": mod.outGroup = UInt32(try integer(t, bytes: 4))
            case "cookie":
                let text = t.value ?? ""
                if let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) {
                    guard !isAdd else {
                        throw SyntaxError(
                            "flow additions cannot use a cookie mask", column: t.column, token: t.text,
                            expected: "cookie=VALUE")
                    }
                    mod.cookie = UInt64(try integer(t, String(text[..<slash]), bytes: 8))
                    mod.cookieMask = UInt64(try integer(t, String(text[text.index(after: slash)...]), bytes: 8))
                } else if isDelete {
                    // ofctl extension: a cookie without a mask on a delete or request matches exactly.
                    mod.cookie = UInt64(try integer(t, bytes: 8))
                    mod.cookieMask = .max
                } else if isAdd {
                    mod.cookie = UInt64(try integer(t, bytes: 8))
                }
            // A modify without a mask: OpenFlow 1.4 has no field for a new cookie, and
            // ovs-ofctl sends none either, so the value is accepted and not sent.
            case _ where statistics.contains(t.key): break
            default:
                try parser.add(t)
            }
        }
        let match = parser.finish()
        mod.match = match.match
        if let actionsText {
            var actions = ActionParser(context: match, names: names)
            mod.instructions = try actions.instructions(actionsText, column: actionsColumn)
        } else if needsActions {
            throw SyntaxError(
                "must specify an action", column: text.count + 1, token: "", expected: "actions=ACTION[,ACTION...]")
        }
        return mod
    }

    /// A match for requests (`dump-flows`, `dump-aggregate`, `del-flows`): table, cookie/mask,
    /// out_port and the match, with no actions.
    public static func parseRequest(_ text: String, names: PortNames? = nil) throws(SyntaxError) -> FlowStatsRequest {
        let mod = try parse(text, command: .delete, names: names)
        return FlowStatsRequest(
            tableID: mod.tableID, outPort: mod.outPort, outGroup: mod.outGroup, cookie: mod.cookie,
            cookieMask: mod.cookieMask == .max && !text.contains("cookie") ? 0 : mod.cookieMask, match: mod.match)
    }

    /// Splits at the top-level `actions=` (ovs-ofctl takes everything after it as actions).
    static func split(_ text: String) -> (Substring, Substring?, Int) {
        let utf8 = text.utf8
        var depth = 0
        var column = 1
        var previous: UInt8 = UInt8(ascii: ",")
        var index = utf8.startIndex
        let keyword = Array("actions=".utf8)
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
            } else if depth == 0, byte == UInt8(ascii: "a"),
                previous == UInt8(ascii: ",") || previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t"),
                utf8[index...].starts(with: keyword)
            {
                let after = utf8.index(index, offsetBy: keyword.count)
                return (text[..<index], text[after...], column + keyword.count)
            }
            if byte & 0xC0 != 0x80 { column += 1 }
            previous = byte
            index = utf8.index(after: index)
        }
        return (Substring(text), nil, 0)
    }

    private static func integer(_ t: Token, _ text: String? = nil, bytes: Int) throws(SyntaxError) -> UInt128 {
        let s = text ?? t.value ?? ""
        do {
            return try ValueSyntax.integer(s, bytes: bytes)
        } catch {
            throw SyntaxError(
                "\(t.key): \(t.value == nil ? "missing value" : error.message)", column: t.valueColumn, token: s,
                expected: "\(t.key)=NUMBER")
        }
    }
}
