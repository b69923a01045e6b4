import ArgumentParser
import Foundation
import Orchestrator
import Reconciler

/// `switchboard apply FILE`: plan, confirm, then one transaction per node, realized and verified.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the live state match the topology file.",
        discussion: """
            Shows the plan, asks for confirmation on a terminal (--yes skips it), then applies each
            node's changes as one OVSDB transaction guarded by the rows it was planned against,
            waits for ovs-vswitchd to realize it and plans again to verify. Then each bridge with
            `policies:` gets its flow and group changes as one atomic OpenFlow bundle, verified the
            same way. Without changes, sends nothing and prints "No changes.".
            """)

    @OptionGroup var options: TopologyOptions
    @Flag(help: "Do not ask for confirmation.") var yes = false
    @Flag(help: "Take over existing rows that the topology names but does not own.") var adopt = false

    func run() async throws {
        let (topology, orchestrator) = try await options.connect()
        defer { Task { await orchestrator.close() } }
        let plan: Plan
        do { plan = try await orchestrator.plan(adopt: adopt) } catch { throw fail("\(error)") }
        print(PlanRenderer.text(plan, color: useColor), terminator: "")
        guard plan.conflicts.isEmpty else {
            await orchestrator.close()
            throw fail("the plan has conflicts; nothing was applied")
        }
        guard plan.hasChanges else {
            await orchestrator.close()
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                await orchestrator.close()
                throw fail("standard input is not a terminal: pass --yes to apply without confirmation")
            }
            print("Apply these changes? Only 'yes' will be accepted: ", terminator: "")
            guard readLine() == "yes" else {
                await orchestrator.close()
                print("Apply cancelled.")
                throw ExitCode(1)
            }
        }
        do {
            let report = try await orchestrator.apply(plan, adopt: adopt) { event in
                print(Self.describe(event))
            }
            let summary = plan.summary
            print(
                "Apply complete: \(summary.add) added, \(summary.change) changed, \(summary.delete) deleted "
                    + "on \(report.changedNodes.count) node(s)"
                    + (topology.nodes.contains { $0.bridges.contains(where: \.managesFlows) }
                        ? "; flows changed on \(report.changedBridges.count) bridge(s)." : "."))
        } catch {
            await orchestrator.close()
            throw fail("\(error)")
        }
        await orchestrator.close()
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
