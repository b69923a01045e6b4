import Foundation
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

    /// Keys a flow by its match's TLV bytes in a fixed order: for nearly every flow the switch
    /// reports, the same bytes the file's flow has, found without decoding a field (decoding a
    /// FlowMatch for 200,000 flows was most of replace-flows' own time). A switch flow not found
    /// this way is looked up by `Key`, the FlowMatch comparison, so the answer is the same.
    struct ByteKey: Hashable {
        var table: UInt8
        var priority: UInt16
        var match: Match
    }

    static func replace(_ s: Session, _ file: String, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        // The switch starts dumping while the file is parsed: each is about half the work.
        let dump = Task { () -> Result<[FlowStats], OfctlError> in
            do throws(OfctlError) { return .success(try await s.flows(FlowStatsRequest())) } catch {
                return .failure(error)
            }
        }
        // Each flow's canonical match is found by the parsing tasks, on every core.
        let strict = o.strict
        let parsed: [(mod: FlowMod, match: Match)]
        do {
            parsed = try await FlowFile.parseAll(file) { (text: String) throws(SyntaxError) -> (FlowMod, Match) in
                let mod = try FlowFile.flowMod(text, strict: strict, names: nil)
                return (mod, mod.match.canonical)
            }
        } catch {
            dump.cancel()
            throw error
        }
        // The file's flows; a later line with the same key replaces an earlier one.
        let mods = parsed.map(\.mod)
        var live = [Bool](repeating: true, count: mods.count)
        var byBytes: [ByteKey: Int] = [:]
        byBytes.reserveCapacity(mods.count)
        for (i, p) in parsed.enumerated() {
            let k = ByteKey(table: p.mod.tableID, priority: p.mod.priority, match: p.match)
            if let earlier = byBytes.updateValue(i, forKey: k) { live[earlier] = false }
        }
        let flows = try await dump.value.get()
        defer { KeptUntilExit.keep((parsed, mods, flows)) }
        let found = await lookUp(flows, in: byBytes, mods: mods, live: live)
        // Built only if some switch flow is not found by its bytes.
        var byKey: [Key: Int]?
        var bodies: [OFMessage.Body] = []
        for (f, result) in zip(flows, found) {
            switch result {
            case .same(let index): live[index] = false
            case .differs: break
            case .notFound:
                if byKey == nil {
                    var keys: [Key: Int] = [:]
                    for (i, m) in mods.enumerated() {
                        keys[Key(table: m.tableID, priority: m.priority, match: FlowMatch(m.match))] = i
                    }
                    byKey = keys
                }
                if let index = byKey?[Key(table: f.tableID, priority: f.priority, match: FlowMatch(f.match))] {
                    if live[index] && same(mods[index], f) { live[index] = false }
                } else {
                    var del = FlowMod(
                        command: .deleteStrict, tableID: f.tableID, priority: f.priority, match: f.match)
                    del.outPort = .any
                    bodies.append(.flowMod(del))
                }
            }
        }
        // What remains is new or changed: an ADD replaces an existing flow with the same key.
        let adds = mods.indices.filter { live[$0] }.sorted {
            (mods[$0].tableID, mods[$0].priority, $0) < (mods[$1].tableID, mods[$1].priority, $1)
        }
        for i in adds { bodies.append(.flowMod(mods[i])) }
        try await s.apply(bodies, bundle: o.bundle)
    }

    /// What the file says about one switch flow, found by its match bytes.
    enum Found: Sendable {
        /// The file has it, unchanged (at this index).
        case same(Int)
        /// The file has it with other actions, cookie or timeouts: its ADD is sent.
        case differs
        /// Not found by bytes: looked up again by `Key`.
        case notFound
    }

    /// Each switch flow's `Found`, one chunk of flows per core (canonical matches, hash lookups
    /// and instruction comparisons for 100,000 flows took a tenth of a second on one core).
    static func lookUp(
        _ flows: [FlowStats], in byBytes: [ByteKey: Int], mods: [FlowMod], live: [Bool]
    ) async -> [Found] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = flows.count < 4_000 ? 1 : cores
        let size = (flows.count + chunks - 1) / max(1, chunks)
        let parts = await withTaskGroup(of: (Int, [Found]).self) { group in
            for c in 0..<chunks {
                group.addTask {
                    let range = min(flows.count, c * size)..<min(flows.count, (c + 1) * size)
                    var out: [Found] = []
                    out.reserveCapacity(range.count)
                    for f in flows[range] {
                        let key = ByteKey(table: f.tableID, priority: f.priority, match: f.match.canonical)
                        if let index = byBytes[key] {
                            out.append(live[index] && same(mods[index], f) ? .same(index) : .differs)
                        } else {
                            out.append(.notFound)
                        }
                    }
                    return (c, out)
                }
            }
            var collected: [(Int, [Found])] = []
            for await part in group { collected.append(part) }
            return collected.sorted { $0.0 < $1.0 }
        }
        return parts.flatMap { $0.1 }
    }

    /// `Version.same` for a file flow and a switch flow; actions compared as values first (equal
    /// values print the same text) and as printed text only when the values differ.
    static func same(_ m: FlowMod, _ f: FlowStats) -> Bool {
        guard
            m.cookie == f.cookie && m.idleTimeout == f.idleTimeout && m.hardTimeout == f.hardTimeout
                && m.importance == f.importance
        else { return false }
        let have = f.instructions
        return m.instructions == have || ActionFormatter.format(m.instructions) == ActionFormatter.format(have)
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
