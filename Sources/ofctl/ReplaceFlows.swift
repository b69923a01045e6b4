import Foundation
import OpenFlow
import OpenFlowText
import Reconciler

/// replace-flows and diff-flows, with the Reconciler's comparison (`FlowReconciler.differences`):
/// flows are keyed by table, priority and match, and two versions are equal when cookie,
/// timeouts, importance and actions are, as ovs-ofctl's are. ovs-ofctl considers every flow, so
/// every cookie counts as owned here.
enum ReplaceFlows {
    static let everyFlow = FlowReconciler(ownsCookie: { _ in true }, ownsGroup: { _ in true })

    static func replace(_ s: Session, _ file: String, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        // The switch starts dumping while the file is parsed: each is about half the work.
        let dump = Task { () -> Result<[FlowStats], OfctlError> in
            do throws(OfctlError) { return .success(try await s.flows(FlowStatsRequest())) } catch {
                return .failure(error)
            }
        }
        let desired: DesiredFlows
        do {
            desired = DesiredFlows(try await FlowCommands.parseFile(file, o, names: nil))
        } catch {
            dump.cancel()
            throw error
        }
        let flows = try await dump.value.get()
        let differences = everyFlow.differences(desired: desired, installed: flows)
        defer { KeptUntilExit.keep((desired, flows, differences)) }
        // Deletions first; then an ADD for each new or changed flow, which replaces a flow with
        // its key, as ovs-ofctl sends.
        var bodies: [OFMessage.Body] = []
        for case .removed(let f) in differences {
            var del = FlowMod(command: .deleteStrict, tableID: f.tableID, priority: f.priority, match: f.match)
            del.outPort = .any
            bodies.append(.flowMod(del))
        }
        for difference in differences {
            switch difference {
            case .added(let mod), .changed(_, let mod): bodies.append(.flowMod(mod))
            case .removed: break
            }
        }
        try await s.apply(bodies, bundle: o.bundle)
    }

    /// Prints `-` lines for flows only (or differently) in the first source, `+` for the second.
    /// The first source is compared as the installed flows, the second as the desired ones.
    static func diff(_ a: String, _ b: String, _ o: Options, _ out: inout Output) async throws(OfctlError) -> Bool {
        let left = try await installed(a, o)
        let right = DesiredFlows(try await desired(b, o))
        var entries: [(base: String, lines: [String])] = []
        for difference in everyFlow.differences(desired: right, installed: left) {
            switch difference {
            case .added(let r):
                let base = base(r.tableID, r.priority, r.match)
                entries.append((base, ["+" + line(base, r)]))
            case .changed(let l, let r):
                let base = base(l.tableID, l.priority, l.match)
                entries.append((base, ["-" + line(base, flowMod(l)), "+" + line(base, r)]))
            case .removed(let l):
                let base = base(l.tableID, l.priority, l.match)
                entries.append((base, ["-" + line(base, flowMod(l))]))
            }
        }
        for (_, lines) in entries.sorted(by: { $0.base < $1.base }) {
            for l in lines { out.line(l) }
        }
        return !entries.isEmpty
    }

    /// A source's flows as the ones installed: the switch's, or a file's when `source` names one
    /// (a later line with the same key replacing an earlier one, as on a switch).
    static func installed(_ source: String, _ o: Options) async throws(OfctlError) -> [FlowStats] {
        guard source == "-" || FileSystem.isFile(source) else { return try await dump(source, o) }
        var flows: [FlowStats] = []
        var positions: [FlowKey: Int] = [:]
        for m in try await FlowCommands.parseFile(source, o, names: nil) {
            let flow = FlowStats(
                tableID: m.tableID, priority: m.priority, idleTimeout: m.idleTimeout, hardTimeout: m.hardTimeout,
                flags: m.flags, importance: m.importance, cookie: m.cookie, match: m.match,
                instructions: m.instructions)
            let key = FlowKey(table: m.tableID, priority: m.priority, match: m.match)
            if let earlier = positions[key] {
                flows[earlier] = flow
            } else {
                positions[key] = flows.count
                flows.append(flow)
            }
        }
        return flows
    }

    /// A source's flows as the desired ones: a file's, or the switch's when `source` names one.
    static func desired(_ source: String, _ o: Options) async throws(OfctlError) -> [FlowMod] {
        if source == "-" || FileSystem.isFile(source) {
            return try await FlowCommands.parseFile(source, o, names: nil)
        }
        return try await dump(source, o).map(flowMod)
    }

    private static func dump(_ source: String, _ o: Options) async throws(OfctlError) -> [FlowStats] {
        let s = try await Session.open(source, options: o)
        do {
            let flows = try await s.flows(FlowStatsRequest())
            await s.close()
            return flows
        } catch {
            await s.close()
            throw error
        }
    }

    private static func flowMod(_ f: FlowStats) -> FlowMod {
        FlowMod(
            command: .add, tableID: f.tableID, priority: f.priority, match: f.match, instructions: f.instructions,
            cookie: f.cookie, idleTimeout: f.idleTimeout, hardTimeout: f.hardTimeout, flags: f.flags,
            importance: f.importance)
    }

    /// The table and match-with-priority text, as ovs-ofctl's cls_rule_format prints it (of the
    /// match as OVS sees it, so both sides of a changed flow print alike).
    private static func base(_ table: UInt8, _ priority: UInt16, _ match: Match) -> String {
        let stats = FlowStats(tableID: 0, priority: priority, match: FlowMatch(match).match, instructions: [])
        let text = FlowFormatter.format(stats, showStats: false)
        // "MATCH actions=drop" -> "MATCH"
        return (table != 0 ? "table=\(table) " : "") + String(text.dropLast(" actions=drop".count))
    }

    private static func line(_ base: String, _ v: FlowMod) -> String {
        var s = base
        if v.cookie != 0 { s += " cookie=0x\(String(v.cookie, radix: 16))" }
        if v.idleTimeout != 0 { s += " idle_timeout=\(v.idleTimeout)" }
        if v.hardTimeout != 0 { s += " hard_timeout=\(v.hardTimeout)" }
        if v.importance != 0 { s += " importance=\(v.importance)" }
        return s + " actions=" + ActionFormatter.format(v.instructions)
    }
}
