import OpenFlow

/// The spec of `ovs-ofctl monitor SWITCH watch:[SPEC...]`: which flow changes to report, as an
/// OpenFlow 1.4 flow monitor request. SPEC is comma- or space-separated: `!initial`, `!add`,
/// `!delete`, `!modify` (leave out that kind of update), `!actions` (updates without actions),
/// `!own` (do not report this connection's own changes in short), `!abbrev`, `table=T`,
/// `out_port=P`, `out_group=G`, and a match (`tcp,tp_dst=80`). Everything is reported by default.
public enum FlowMonitorSyntax {
    /// ovs-ofctl's defaults: every update kind, with actions, own changes abbreviated.
    static let defaultFlags: FlowMonitorRequest.Flags = [
        .initial, .add, .removed, .modify, .onlyOwn, .instructions,
    ]

    static let exclusions: [String: FlowMonitorRequest.Flags] = [
        "!initial": .initial, "!add": .add, "!delete": .removed, "!modify": .modify, "!actions": .instructions,
        "!own": .onlyOwn, "!abbrev": .noAbbrev,
    ]

    /// `spec` is the text after `watch:`; `id` the monitor id to use.
    public static func parse(
        _ spec: String, id: UInt32, names: PortNames? = nil
    ) throws(SyntaxError) -> FlowMonitorRequest {
        var flags = defaultFlags
        var rest: [String] = []
        var column = 1
        for token in spec.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == " " }) {
            let word = String(token)
            defer { column += word.count + 1 }
            if word.isEmpty { continue }
            if word.hasPrefix("!") {
                guard let flag = exclusions[word] else {
                    throw SyntaxError(
                        "unknown watch option '\(word)'", column: column, token: word,
                        expected: "!initial, !add, !delete, !modify, !actions, !own or !abbrev")
                }
                flags.remove(flag)
                continue
            }
            let key = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if ["priority", "cookie", "idle_timeout", "hard_timeout", "importance"].contains(key) {
                throw SyntaxError(
                    "\(key): not part of a flow monitor", column: column, token: word,
                    expected: "!OPTION, table=, out_port=, out_group= or a match field")
            }
            rest.append(word)
        }
        // Table, output port and group, and the match read as in a dump-flows request (an error's
        // column then counts in that part, the ! options left out).
        let request = try FlowParser.parseRequest(rest.joined(separator: ","), names: names)
        return FlowMonitorRequest(
            monitorID: id, outPort: request.outPort, outGroup: request.outGroup, flags: flags,
            tableID: request.tableID, match: request.match)
    }
}
