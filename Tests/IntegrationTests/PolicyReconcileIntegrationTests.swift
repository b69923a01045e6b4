import Controller
import OVSSandbox
import OpenFlow
import PolicyCompiler
import Reconciler
import TestSupport
import Testing
import Topology

/// Compiled policies planned against what a real ovs-vswitchd reports: a second plan is empty, a
/// one-rule change touches only that rule's flows, and A→B→A restores A's table exactly.
@Suite(
    "Policy flows reconciled against a real switch",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct PolicyReconcileIntegrationTests {
    static let plugins = [
        PolicyPlugin(name: "ssh", port: "p3", address: IPv4Address(0x0A00_0003), mac: MACAddress(0x0200_0000_0003)),
        PolicyPlugin(name: "ids", port: "p4", address: IPv4Address(0x0A00_0004), mac: MACAddress(0x0200_0000_0004)),
    ]
    static let ruleSetA = [
        "FORWARD -p tcp --dport 80 -j DROP",
        "FORWARD -p udp --dport 1000:1999 -j DROP",
        "PREROUTING -i p1 -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to ssh:22",
        "PREROUTING -p tcp -d 10.0.0.101 --dport 45 -j DNAT --to ssh:2222 --stateless",
        "PREROUTING -p tcp -d 10.0.0.102 --dport 80 -j DNAT --to ssh:8080 --to ids:8080",
        "PREROUTING -p tcp -d 10.0.0.9 -j COPY --to ids --bidirectional",
        "POSTROUTING -o p1 -s 10.0.0.3 -j SNAT --to 203.0.113.7",
    ]

    func compile(_ rules: [String], ports: [String: UInt32]) throws -> CompiledPolicy {
        let parsed = try rules.enumerated().map { index, text in
            try FirewallRuleParser(origin: SourceLocation(file: "<rules>", line: index + 1, column: 1)).parse(text)
        }
        return try PolicyCompiler().compile(
            BridgePolicy(bridge: "br0", plugins: Self.plugins, rules: parsed, portNumbers: ports))
    }

    func plan(_ compiled: CompiledPolicy, on handle: Switch) async throws -> FlowPlan {
        let reconciler = FlowReconciler(ownsCookie: SwitchboardCookie.isOurs, ownsGroup: SwitchboardGroupID.contains)
        return reconciler.plan(
            desiredFlows: compiled.flows.map(\.flow), desiredGroups: compiled.groups.map(\.group),
            actualFlows: try await handle.flows(), actualGroups: try await handle.groups())
    }

    @Test("apply, re-plan empty, one-rule change, A→B→A")
    func reconcile() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            for (index, name) in ["p1", "p2", "p3", "p4"].enumerated() {
                try await sandbox.addPort(name, to: "br0", ofport: index + 1)
            }
            // A flow someone else installed: never touched.
            try await sandbox.ofctl(["add-flow", "br0", "table=7,priority=5,cookie=0x99,actions=drop"])
            let controller = Controller()
            defer { Task { await controller.shutdown() } }
            try controller.connect(to: .unix(path: sandbox.managementSocket(bridge: "br0")))
            let handle = try #require(try await controller.waitForSwitches(count: 1).first)
            let ports = ["p1": UInt32(1), "p2": 2, "p3": 3, "p4": 4]

            let a = try compile(Self.ruleSetA, ports: ports)
            let first = try await plan(a, on: handle)
            #expect(first.addedFlows.count == a.flows.count && first.deletedFlows.isEmpty)
            try await handle.bundle(first.messages)
            let dumpA = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0", "--no-stats"])
            let groupsA = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-groups", "br0"])

            let again = try await plan(a, on: handle)
            #expect(again.isEmpty, "an unchanged policy must plan nothing: \(again)")

            var rulesB = Self.ruleSetA
            rulesB[0] = "FORWARD -p tcp --dport 81 -j DROP"
            let b = try compile(rulesB, ports: ports)
            let change = try await plan(b, on: handle)
            #expect(change.addedFlows.count == 1 && change.deletedFlows.count == 1 && change.modifiedFlows.isEmpty)
            #expect(change.addedGroups.isEmpty && change.modifiedGroups.isEmpty && change.deletedGroups.isEmpty)
            try await handle.bundle(change.messages)
            #expect(try await plan(b, on: handle).isEmpty)

            try await handle.bundle(try await plan(a, on: handle).messages)
            #expect(try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0", "--no-stats"]) == dumpA)
            #expect(try await sandbox.ofctl(["-O", "OpenFlow14", "dump-groups", "br0"]) == groupsA)
            #expect(dumpA.contains("cookie=0x99"))
        }
    }
}
