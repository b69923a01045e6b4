import ArgumentParser
import Foundation
import Orchestrator
import Reconciler

/// `switchboard plan FILE`: what apply would change, per node and bridge.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `apply` would change on each node.",
        discussion: """
            Reads the live state of every node and prints + (add), ~ (change) and - (delete) lines
            per node and bridge, then a summary: OVSDB rows, and for bridges with `policies:` the
            flows and groups in ovs-ofctl syntax with the rule behind each. Rows owned by another
            topology (or by nobody) are conflicts unless --adopt is given.

            With --out PLAN the plan is also written to PLAN: `switchboard apply PLAN` then sends
            exactly those changes, or refuses them as stale if the rows or the flows they were
            computed against have changed since.

            Exit codes: 0 success; with --detailed-exitcode: 0 no changes, 2 changes, 1 error.
            """)

    @OptionGroup var options: TopologyOptions
    @Flag(help: "Print the plan as JSON.") var json = false
    @Flag(help: "Exit 2 when there are changes, 0 when none, 1 on errors.") var detailedExitcode = false
    @Flag(help: "Take over existing rows that the topology names but does not own.") var adopt = false
    @Flag(help: "List every flow and group change (by default a bridge lists its first \(flowLineLimit)).")
    var allFlows = false
    @Option(
        name: [.customShort("o"), .customLong("out")],
        help: ArgumentHelp("Also write the plan to PLAN, for `switchboard apply PLAN`.", valueName: "PLAN"))
    var out: String?

    func run() async throws {
        var source = try options.source()
        source.text = try TopologyOptions.text(of: source)
        let adopt = adopt
        let lines = json || allFlows ? nil : flowLineLimit
        let plan = try await TopologySession.with(source) { session in
            do {
                return try await session.orchestrator.plan(adopt: adopt, compiled: session.compiled, flowLines: lines)
            } catch {
                throw fail("\(error)")
            }
        }
        print(json ? PlanRenderer.json(plan) : PlanRenderer.text(plan, color: useColor), terminator: "")
        if !plan.conflicts.isEmpty {
            if out != nil {
                FileHandleOutput.standardError("switchboard: no plan file written: the plan has conflicts")
            }
            throw ExitCode(1)
        }
        if let out {
            let file = PlanFile(
                topologyPath: source.path, topologyText: source.text ?? "", variables: source.variables,
                endpoints: source.endpoints, adopt: adopt, plan: plan)
            do { try file.encoded().write(to: URL(fileURLWithPath: out)) } catch {
                throw fail("cannot write \(out): \(error.localizedDescription)")
            }
            if !json { print("Plan written to \(out); `switchboard apply \(out)` applies exactly it.") }
        }
        if detailedExitcode, plan.hasChanges { throw ExitCode(2) }
    }
}
