import ArgumentParser
import Orchestrator
import Reconciler

/// `switchboard plan FILE`: what apply would change, per node and bridge.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `apply` would change on each node.",
        discussion: """
            Reads the live state of every node and prints + (add), ~ (change) and - (delete) lines
            per node and bridge, then a summary. Rows owned by another topology (or by nobody) are
            conflicts unless --adopt is given.

            Exit codes: 0 success; with --detailed-exitcode: 0 no changes, 2 changes, 1 error.
            """)

    @OptionGroup var options: TopologyOptions
    @Flag(help: "Print the plan as JSON.") var json = false
    @Flag(help: "Exit 2 when there are changes, 0 when none, 1 on errors.") var detailedExitcode = false
    @Flag(help: "Take over existing rows that the topology names but does not own.") var adopt = false

    func run() async throws {
        let (_, orchestrator) = try await options.connect()
        let plan: Plan
        do {
            plan = try await orchestrator.plan(adopt: adopt)
            await orchestrator.close()
        } catch {
            throw fail("\(error)")
        }
        print(json ? PlanRenderer.json(plan) : PlanRenderer.text(plan, color: useColor), terminator: "")
        if !plan.conflicts.isEmpty { throw ExitCode(1) }
        if detailedExitcode, plan.hasChanges { throw ExitCode(2) }
    }
}
