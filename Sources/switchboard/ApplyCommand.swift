import ArgumentParser
import Foundation
import Orchestrator
import Reconciler

/// `switchboard apply FILE`: plan, confirm, then one transaction per node, realized and verified.
/// `switchboard apply PLAN`: exactly a plan `plan --out` wrote, or a refusal as stale.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the live state match the topology file, or apply a saved plan.",
        discussion: """
            Shows the plan, asks for confirmation on a terminal (--yes skips it), then applies each
            node's changes as one OVSDB transaction guarded by the rows it was planned against,
            waits for ovs-vswitchd to realize it and plans again to verify. Then each bridge with
            `policies:` gets exactly the planned flow and group changes as one atomic OpenFlow
            bundle, verified with one dump. If a bridge's flows changed after they were planned,
            nothing is sent to its node ("stale plan"). Without changes, sends nothing and prints
            "No changes.".

            Given a plan file (`switchboard plan FILE --out PLAN`), applies exactly that plan
            without asking, or refuses it as stale; the file, variables and endpoints are the
            ones the plan was made with.
            """)

    @OptionGroup var options: TopologyOptions
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "Take over existing rows that the topology names but does not own.") var adopt = false
    @Flag(help: "List every flow and group change (by default a bridge lists its first \(flowLineLimit)).")
    var allFlows = false

    func run() async throws {
        if let saved = try readPlanFile() { return try await apply(saved) }
        let source = try options.source()
        let (adopt, yes) = (adopt, yes)
        let lines = allFlows ? nil : flowLineLimit
        try await TopologySession.with(source) { session in
            let plan: Plan
            do {
                plan = try await session.orchestrator.plan(adopt: adopt, compiled: session.compiled, flowLines: lines)
            } catch {
                throw fail("\(error)")
            }
            print(PlanRenderer.text(plan, color: useColor), terminator: "")
            guard plan.conflicts.isEmpty else { throw fail("the plan has conflicts; nothing was applied") }
            guard plan.hasChanges else { return }
            if !yes { try Self.confirm() }
            try await Self.apply(plan, adopt: adopt, in: session)
        }
    }

    /// The argument as a plan file, or nil when it is a topology file.
    private func readPlanFile() throws -> PlanFile? {
        guard let data = FileManager.default.contents(atPath: options.file), PlanFile.isPlanFile(data) else {
            return nil
        }
        do {
            let saved = try PlanFile.read(data)
            guard options.variables.isEmpty, options.endpoints.isEmpty, !adopt else {
                throw fail(
                    "--var, --endpoint and --adopt are fixed when the plan is made, not when a plan file is applied")
            }
            return saved
        } catch let error as PlanFile.ReadError {
            throw fail("\(options.file): \(error)")
        }
    }

    private func apply(_ saved: PlanFile) async throws {
        let source = TopologyFile(
            path: saved.topologyPath, variables: saved.variables, endpoints: saved.endpoints,
            text: saved.topologyText)
        try await TopologySession.with(source) { session in
            print(PlanRenderer.text(saved.plan, color: useColor), terminator: "")
            guard saved.plan.conflicts.isEmpty else { throw fail("the plan has conflicts; nothing was applied") }
            guard saved.plan.hasChanges else { return }
            try await Self.apply(saved.plan, adopt: saved.adopt, in: session)
        }
    }

    private static func confirm() throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw fail("standard input is not a terminal: pass --yes to apply without confirmation")
        }
        print("Apply these changes? Only 'yes' will be accepted: ", terminator: "")
        guard readLine() == "yes" else {
            print("Apply cancelled.")
            throw ExitCode(1)
        }
    }

    private static func apply(_ plan: Plan, adopt: Bool, in session: TopologySession) async throws {
        let report: ApplyReport
        do {
            report = try await session.orchestrator.apply(plan, adopt: adopt, compiled: session.compiled) { event in
                print(Self.describe(event))
            }
        } catch {
            throw fail("\(error)")
        }
        let summary = plan.summary
        print(
            "Apply complete: \(summary.add) added, \(summary.change) changed, \(summary.delete) deleted "
                + "on \(report.changedNodes.count) node(s)"
                + (session.topology.nodes.contains { $0.bridges.contains(where: \.managesFlows) }
                    ? "; flows changed on \(report.changedBridges.count) bridge(s)." : "."))
    }

    static func describe(_ event: ApplyEvent) -> String {
        switch event {
        case .unchanged(let node): return "node \(node): no changes"
        case .sending(let node, let count): return "node \(node): sending one transaction (\(count) operations)"
        case .committed(let node, let cfg): return "node \(node): committed; waiting for ovs-vswitchd (cfg \(cfg))"
        case .realized(let node, let ms): return "node \(node): realized by ovs-vswitchd in \(ms) ms"
        case .verified(let node): return "node \(node): verified"
        case .interfaceError(let node, let interface, let error):
            return "node \(node): warning: interface \(interface): \(error)"
        case .sendingFlows(let node, let bridge, let count):
            return "node \(node), bridge \(bridge): sending one bundle (\(count) flow and group mods)"
        case .flowsReplanned(let node, let bridge, let reason):
            return "node \(node), bridge \(bridge): flows planned again: \(reason)"
        case .flowsInstalled(let node, let bridge, let added, let changed, let deleted):
            return "node \(node), bridge \(bridge): flows committed and verified "
                + "(\(added) added, \(changed) changed, \(deleted) deleted)"
        case .flowRestoreFinished(let node, let controlled):
            return "node \(node): flows restored; other_config:flow-restore-wait cleared"
                + (controlled.isEmpty
                    ? ""
                    : " (OVS flushes \(controlled.joined(separator: ", ")) as it connects to the controller; "
                        + "serve --topology installs the flows again)")
        }
    }
}
