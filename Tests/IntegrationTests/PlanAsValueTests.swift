import Foundation
import OVSSandbox
import OpenFlow
import Orchestrator
import Reconciler
import TestSupport
import Testing
import Topology

/// A plan is what apply sends: the flow side refuses a plan whose tables changed after planning
/// (as the OVSDB side does with its `wait` guards), and a plan written to a plan file is applied
/// exactly, in another orchestrator, or refused as stale.
@Suite("Plans as values against real OVS", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct PlanAsValueTests {
    /// plugin-edge with the telnet rule moved to another port: a plan of one added and one deleted flow.
    static func edited(_ original: String) -> String {
        original.replacingOccurrences(of: "--dport 23 -j DROP", with: "--dport 2323 -j DROP")
    }

    static func flows(_ sandbox: Sandbox) async throws -> String {
        try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br-edge", "--no-stats"])
    }

    @Test("an owned flow changed between plan and apply: refused as stale, nothing sent, rows untouched")
    func staleFlowPlan() async throws {
        try await withSandbox { sandbox in
            let original = try example("plugin-edge")
            try await planAndApply(try sandboxed(original, ["local": sandbox]))
            // A row change and a flow change, planned together.
            let edited = try sandboxed(
                Self.edited(original).replacingOccurrences(
                    of: "mgmt0: {type: internal, vlan: 10,", with: "mgmt0: {type: internal, vlan: 11,"),
                ["local": sandbox])
            let orchestrator = try await Orchestrator.connect(edited)
            let plan = try await orchestrator.plan()
            #expect(plan.flowSummary == Plan.Summary(add: 1, change: 0, delete: 1), "\(PlanRenderer.text(plan))")
            #expect(plan.summary == Plan.Summary(add: 0, change: 1, delete: 0), "\(PlanRenderer.text(plan))")
            let planned = try #require(plan.flowPlan(node: "local", bridge: "br-edge"))
            #expect(planned.messages.count == 2)
            #expect(planned.observed != nil)

            // Someone else changes one of Switchboard's flows (same key, other actions).
            let before = try await Self.flows(sandbox)
            let telnet = try #require(before.split(separator: "\n").first { $0.contains("tp_dst=23 ") })
            try await sandbox.ofctl([
                "-O", "OpenFlow14", "mod-flows", "--strict", "br-edge",
                "table=0,priority=60000,tcp,tp_dst=23,actions=output:1",
            ])
            let tampered = try await Self.flows(sandbox)
            #expect(tampered != before, "\(telnet)")

            await #expect {
                try await orchestrator.apply(plan)
            } throws: { error in
                guard case OrchestratorError.staleFlows(let node, let bridge, _) = error else { return false }
                return node == "local" && bridge == "br-edge" && "\(error)".contains("Run plan again")
            }
            await orchestrator.close()
            #expect(try await Self.flows(sandbox) == tampered, "no flow may change")
            #expect(try await sandbox.vsctl(["get", "port", "mgmt0", "tag"]) == "10\n", "no row may change")

            // Planned again, the new plan applies and repairs the tampered flow too.
            try await planAndApply(edited)
            let after = try await Self.flows(sandbox)
            #expect(after.contains("tp_dst=2323") && !after.contains("tp_dst=23 "))
        }
    }

    @Test("a plan file is applied exactly by another orchestrator; applied again it is stale")
    func planFile() async throws {
        try await withSandbox { sandbox in
            let original = try example("plugin-edge")
            try await planAndApply(try sandboxed(original, ["local": sandbox]))
            let text = Self.edited(original)
            let variables = ["datapath": "dummy", "port_type": "dummy"]
            let endpoints = ["local": sandbox.dbTarget]
            let topology = try TopologyLoader.load(
                text, options: .init(variables: variables, endpoints: endpoints)
            ).get()

            let planning = try await Orchestrator.connect(topology)
            let plan = try await planning.plan()
            await planning.close()
            let file = PlanFile(
                topologyPath: "plugin-edge.yaml", topologyText: text, variables: variables, endpoints: endpoints,
                adopt: false, plan: plan)
            let data = try file.encoded()
            #expect(PlanFile.isPlanFile(data))
            let read = try PlanFile.read(data)
            #expect(read.plan == plan, "the plan file gives back the plan, messages included")
            let messages = try #require(read.plan.flowPlan(node: "local", bridge: "br-edge")).messages
            #expect(messages == plan.flowPlan(node: "local", bridge: "br-edge")?.messages)

            let applying = try await Orchestrator.connect(topology)
            let report = try await applying.apply(read.plan)
            #expect(report.changedBridges == ["local/br-edge"])
            await applying.close()
            let after = try await Self.flows(sandbox)
            #expect(after.contains("tp_dst=2323") && !after.contains("tp_dst=23 "))
            #expect(!(try await planOnly(topology)).hasChanges)

            // The same file again: the flows it was planned against are gone.
            let again = try await Orchestrator.connect(topology)
            await #expect {
                try await again.apply(read.plan)
            } throws: { error in
                if case OrchestratorError.staleFlows = error { true } else { false }
            }
            await again.close()
            #expect(try await Self.flows(sandbox) == after)
        }
    }

    @Test("a new bridge's plan shows its flows with port names; apply binds the numbers and sends those")
    func newBridgeFlows() async throws {
        try await withSandbox { sandbox in
            let topology = try sandboxed(try example("plugin-edge"), ["local": sandbox])
            let orchestrator = try await Orchestrator.connect(topology)
            let plan = try await orchestrator.plan()
            let planned = try #require(plan.flowPlan(node: "local", bridge: "br-edge"))
            #expect(planned.observed == nil)
            #expect(Set(planned.unboundPorts) == Set(["uplink", "vx-core", "fw0", "lb0", "mgmt0", "span0"]))
            let text = PlanRenderer.text(plan)
            #expect(text.contains("in_port=uplink"), "\(text)")
            #expect(text.contains("the numbers of port(s) uplink, vx-core, fw0, lb0, mgmt0, span0 are bound"))
            #expect(plan.flowSummary.add == planned.messages.count)
            // A text plan lists the first lines and counts the rest; the messages are all there.
            let short = try await orchestrator.plan(flowLines: 3)
            let section = try #require(short.nodes[0].bridges.first { $0.bridge == "br-edge" })
            #expect(section.flows.count == 3)
            #expect(section.unlistedFlows == planned.messages.count - 3)
            #expect(short.flowSummary == plan.flowSummary)
            #expect(section.flowPlan?.messages == planned.messages)
            #expect(
                PlanRenderer.text(short).contains("… and \(planned.messages.count - 3) more flow and group changes"))
            let report = try await orchestrator.apply(plan)
            await orchestrator.close()
            #expect(report.changedBridges == ["local/br-edge"])
            let flows = try await Self.flows(sandbox)
            let lines = flows.split(separator: "\n").filter { $0.contains("cookie=0x5b0a") }
            let flowMods = planned.messages.filter { if case .flowMod = $0 { true } else { false } }
            #expect(lines.count == flowMods.count, "every planned flow is on the switch")
            #expect(!(try await planOnly(topology)).hasChanges)
        }
    }
}
