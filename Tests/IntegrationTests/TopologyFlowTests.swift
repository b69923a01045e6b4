import Controller
import Foundation
import OVSSandbox
import OpenFlow
import OpenFlowText
import PolicyCompiler
import Reconciler
import TestSupport
import Testing
import Topology

@testable import Orchestrator

/// The flow side of plan and apply against a real switch: flows appear after the OVSDB changes,
/// the plan of an edited rule shows exactly that rule's flows (named by file:line), foreign flows
/// stay, and a bundle the switch refuses changes nothing and names the rule.
@Suite("Topology flows against real OVS", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct TopologyFlowTests {
    @Test("plugin-edge: apply installs the flows; an edited rule plans as its own flows; foreign flows stay")
    func editedRule() async throws {
        try await withSandbox { sandbox in
            let original = try example("plugin-edge")
            let topology = try sandboxed(original, ["local": sandbox])
            try await planAndApply(topology)
            let installed = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br-edge", "--no-stats"])
            #expect(installed.contains("cookie=0x5b0a000000000001, priority=60000,tcp,tp_dst=23 actions=drop"))
            #expect(try await sandbox.vsctl(["get", "bridge", "br-edge", "fail_mode"]) == "secure\n")
            try await sandbox.ofctl(["add-flow", "br-edge", "table=9,priority=7,cookie=0x77,actions=drop"])
            #expect(!(try await planOnly(topology)).hasChanges, "a foreign flow must not show in the plan")

            let edited = try sandboxed(
                original.replacingOccurrences(of: "--dport 23 -j DROP", with: "--dport 2323 -j DROP"),
                ["local": sandbox])
            let plan = try await planOnly(edited)
            let lines = plan.nodes[0].bridges.flatMap(\.flows).map(\.text)
            #expect(lines.count == 2, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("+ flow ") && $0.contains("tp_dst=2323") && $0.hasSuffix(":9") })
            #expect(lines.contains { $0.hasPrefix("- flow ") && $0.contains("tp_dst=23") })
            #expect(plan.summaryText.hasSuffix("flows and groups: 1 to add, 0 to change, 1 to delete."))
            try await planAndApply(edited)
            let after = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br-edge", "--no-stats"])
            #expect(after.contains("tp_dst=2323") && !after.contains("tp_dst=23 "))
            #expect(after.contains("cookie=0x77"))
        }
    }

    @Test("a refused flow: the bundle changes nothing and the error names the rule's file and line")
    func refusedBundle() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            let before = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0", "--no-stats"])
            let controller = Controller()
            defer { Task { await controller.shutdown() } }
            let handle = try await controller.open(.unix(path: sandbox.managementSocket(bridge: "br0")))
            let good = FlowMod(
                tableID: 0, priority: 10, cookie: SwitchboardCookie.prefix | 1)
            // A group that does not exist: OVS refuses the flow, and with it the whole bundle.
            var bad = FlowMod(tableID: 0, priority: 20, cookie: SwitchboardCookie.prefix | 2)
            bad.instructions = [.applyActions([.group(0x5b00_0999)])]
            var plan = FlowPlan()
            plan.addedFlows = [good, bad]
            let origins = FlowOrigins(
                flows: [
                    (good, SourceLocation(file: "t.yaml", line: 3, column: 9)),
                    (bad, SourceLocation(file: "t.yaml", line: 4, column: 9)),
                ],
                groups: [])
            let flows = BridgeFlows(handle: handle, names: PortNames([]), plan: plan, origins: origins)
            await #expect {
                try await flows.apply(node: "local", bridge: "br0")
            } throws: { error in
                let text = "\(error)"
                return text.contains("t.yaml:4:9") && text.contains("nothing was changed")
            }
            #expect(try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0", "--no-stats"]) == before)
        }
    }
}
