import Foundation

/// The plan as people read it (per node, per bridge, a summary line) or as JSON for machines.
public enum PlanRenderer {
    public static func text(_ plan: Plan, color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        for node in plan.nodes {
            lines.append(paint("node \(node.node)", "1") + " (\(node.endpoint))")
            for conflict in node.conflicts { lines.append("  " + paint("! \(conflict)", "31")) }
            if !node.hasChanges && node.conflicts.isEmpty { lines.append("  no changes") }
            for bridge in node.bridges {
                lines.append("  bridge \(bridge.bridge)")
                for mac in bridge.pluginMACs { lines.append("    " + paint("= \(mac.text)", "36")) }
                for change in bridge.changes {
                    lines.append("    " + paint(change.text, colorCode(change.action)))
                }
                for change in bridge.flows {
                    lines.append("    " + paint(change.text, colorCode(change.action)))
                }
                if bridge.unlistedFlows > 0 {
                    lines.append(
                        "    … and \(bridge.unlistedFlows) more flow and group changes "
                            + "(`--all-flows` or `--json` lists every one)")
                }
                if let note = bridge.boundAtApply { lines.append("    " + paint("= \(note)", "36")) }
            }
            if node.clearsFlowRestoreWait {
                lines.append(
                    "  " + paint("~ other_config:flow-restore-wait=true: cleared once the flows are installed", "33"))
            }
        }
        if !plan.conflicts.isEmpty {
            lines.append(paint("\(plan.conflicts.count) conflict(s): nothing will be applied.", "31"))
        }
        // "No changes." after "nothing will be applied" would read as if the file matched the
        // switch; with changes the summary says what applying would do once the conflicts are gone.
        if plan.conflicts.isEmpty || plan.hasChanges { lines.append(plan.summaryText) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func colorCode(_ action: Change.Action) -> String {
        switch action {
        case .add: "32"
        case .modify: "33"
        case .delete: "31"
        }
    }

    /// `{"topology": …, "nodes": [{"node", "endpoint", "bridges": [{"bridge", "changes": […]}],
    /// "conflicts"}], "summary": {"add", "change", "delete"}, "changes": bool}`, keys sorted.
    public static func json(_ plan: Plan) -> String {
        struct Document: Encodable {
            var topology: String
            var nodes: [NodePlan]
            var summary: Plan.Summary
            var flowSummary: Plan.Summary
            var changes: Bool
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(
            topology: plan.topology, nodes: plan.nodes, summary: plan.summary, flowSummary: plan.flowSummary,
            changes: plan.hasChanges)
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
