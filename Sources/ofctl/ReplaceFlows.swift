import OpenFlow
import OpenFlowText

/// replace-flows and diff-flows, modelled on ovs-ofctl: flows are keyed by table, priority and
/// match; two versions are equal when cookie, timeouts, importance and actions (compared as
/// printed text, which is canonical) are.
enum ReplaceFlows {
    struct Key: Hashable {
        var table: UInt8
        var priority: UInt16
        var match: FlowMatch
    }

    struct Version {
        var cookie: UInt64
        var idleTimeout: UInt16
        var hardTimeout: UInt16
        var importance: UInt16
        var actions: String
        var mod: FlowMod

        func same(as other: Version) -> Bool {
            cookie == other.cookie && idleTimeout == other.idleTimeout && hardTimeout == other.hardTimeout
                && importance == other.importance && actions == other.actions
        }
    }

    static func version(_ m: FlowMod) -> (Key, Version) {
        (
            Key(table: m.tableID, priority: m.priority, match: FlowMatch(m.match)),
            Version(
                cookie: m.cookie, idleTimeout: m.idleTimeout, hardTimeout: m.hardTimeout, importance: m.importance,
                actions: ActionFormatter.format(m.instructions), mod: m)
        )
    }

    static func version(_ f: FlowStats) -> (Key, Version) {
        let mod = FlowMod(
            command: .add, tableID: f.tableID, priority: f.priority, match: f.match, instructions: f.instructions,
            cookie: f.cookie, idleTimeout: f.idleTimeout, hardTimeout: f.hardTimeout, flags: f.flags,
            importance: f.importance)
        return version(mod)
    }

    /// The flows of a switch, or of a file when `source` names one.
    static func read(_ source: String, _ o: Options) async throws(OfctlError) -> [Key: Version] {
        var table: [Key: Version] = [:]
        if source == "-" || FileSystem.isFile(source) {
            for m in try await FlowCommands.parseFile(source, o, names: nil) {
                let (k, v) = version(m)
                table[k] = v
            }
        } else {
            let s = try await Session.open(source, options: o)
            let flows: [FlowStats]
            do {
                flows = try await s.flows(FlowStatsRequest())
            } catch {
                await s.close()
                throw error
            }
            await s.close()
            for f in flows {
                let (k, v) = version(f)
                table[k] = v
            }
        }
        return table
    }

    static func replace(_ s: Session, _ file: String, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let mods = try await FlowCommands.parseFile(file, o, names: nil)
        var wanted: [Key: Version] = [:]
        wanted.reserveCapacity(mods.count)
        for m in mods {
            let (k, v) = version(m)
            wanted[k] = v
        }
        var bodies: [OFMessage.Body] = []
        for f in try await s.flows(FlowStatsRequest()) {
            let (k, have) = version(f)
            if let want = wanted[k] {
                if want.same(as: have) { wanted[k] = nil }
            } else {
                var del = FlowMod(
                    command: .deleteStrict, tableID: k.table, priority: k.priority, match: f.match)
                del.outPort = .any
                bodies.append(.flowMod(del))
            }
        }
        // What remains is new or changed: an ADD replaces an existing flow with the same key.
        for (_, v) in wanted.sorted(by: { ($0.key.table, $0.key.priority) < ($1.key.table, $1.key.priority) }) {
            bodies.append(.flowMod(v.mod))
        }
        try await s.apply(bodies, bundle: o.bundle)
    }

    /// Prints `-` lines for flows only (or differently) in the first source, `+` for the second.
    static func diff(_ a: String, _ b: String, _ o: Options, _ out: inout Output) async throws(OfctlError) -> Bool {
        let left = try await read(a, o)
        let right = try await read(b, o)
        var keys = Set(left.keys)
        keys.formUnion(right.keys)
        var entries: [(String, [String])] = []
        for k in keys {
            let l = left[k]
            let r = right[k]
            if let l, let r, l.same(as: r) { continue }
            let base = (k.table != 0 ? "table=\(k.table) " : "") + MatchFormatterBridge.format(k)
            var lines: [String] = []
            if let l { lines.append("-" + line(base, l)) }
            if let r { lines.append("+" + line(base, r)) }
            entries.append((base, lines))
        }
        for (_, lines) in entries.sorted(by: { $0.0 < $1.0 }) {
            for l in lines { out.line(l) }
        }
        let differences = !entries.isEmpty
        return differences
    }

    private static func line(_ base: String, _ v: Version) -> String {
        var s = base
        if v.cookie != 0 { s += " cookie=0x\(String(v.cookie, radix: 16))" }
        if v.idleTimeout != 0 { s += " idle_timeout=\(v.idleTimeout)" }
        if v.hardTimeout != 0 { s += " hard_timeout=\(v.hardTimeout)" }
        if v.importance != 0 { s += " importance=\(v.importance)" }
        return s + " actions=" + v.actions
    }
}

/// The match-with-priority text of a key, as ovs-ofctl's cls_rule_format prints it.
enum MatchFormatterBridge {
    static func format(_ k: ReplaceFlows.Key) -> String {
        let stats = FlowStats(tableID: 0, priority: k.priority, match: k.match.match, instructions: [])
        let text = FlowFormatter.format(stats, showStats: false)
        // "MATCH actions=drop" -> "MATCH"
        return String(text.dropLast(" actions=drop".count))
    }
}
