import Foundation
import OVSDB
import OVSSandbox
import Orchestrator
import Reconciler
import TestSupport
import Testing
import Topology

/// The examples in Topologies/, read from the repository.
func example(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies/\(name).yaml")
    return try String(contentsOf: url, encoding: .utf8)
}

/// Loads a topology for dummy-datapath sandboxes: `datapath`/`port_type` set to dummy, each node's
/// endpoint pointed at its sandbox.
func sandboxed(_ text: String, _ endpoints: [String: Sandbox]) throws -> Topology {
    try TopologyLoader.load(
        text,
        options: .init(
            variables: ["datapath": "dummy", "port_type": "dummy"], endpoints: endpoints.mapValues(\.dbTarget))
    ).get()
}

/// Runs `body` with two sandboxes, the two nodes of the lab examples.
func withTwoSandboxes<T: Sendable>(_ body: (Sandbox, Sandbox) async throws -> T) async throws -> T {
    try await withSandbox { a in try await withSandbox { b in try await body(a, b) } }
}

/// Plans and applies; returns the plan that was applied.
@discardableResult
func planAndApply(_ topology: Topology, adopt: Bool = false) async throws -> Plan {
    let orchestrator = try await Orchestrator.connect(topology)
    do {
        let plan = try await orchestrator.plan(adopt: adopt)
        try await orchestrator.apply(plan, adopt: adopt)
        await orchestrator.close()
        return plan
    } catch {
        await orchestrator.close()
        throw error
    }
}

func planOnly(_ topology: Topology) async throws -> Plan {
    let orchestrator = try await Orchestrator.connect(topology)
    let plan = try await orchestrator.plan()
    await orchestrator.close()
    return plan
}

func changeLines(_ plan: Plan, node: String) -> [String] {
    plan.nodes.first { $0.node == node }?.bridges.flatMap(\.changes).map(\.text) ?? []
}

@Suite("Topologies against real OVS", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct TopologyIntegrationTests {
    @Test("lab11: two nodes with VXLAN to each other; ovs-vsctl agrees; the second apply changes nothing")
    func lab11() async throws {
        try await withTwoSandboxes { a, b in
            let topology = try sandboxed(try example("lab11-vxlan-overlay"), ["boxA": a, "boxB": b])
            let plan = try await planAndApply(topology)
            #expect(plan.summary == Plan.Summary(add: 8, change: 0, delete: 0))
            #expect(try await a.lines(["list-ports", "br-int"]) == ["c1-a", "c2-a", "vx-boxB"])
            #expect(try await b.lines(["list-ports", "br-int"]) == ["c1-b", "c2-b", "vx-boxA"])
            #expect(try await a.vsctl(["get", "interface", "vx-boxB", "type"]) == "vxlan\n")
            #expect(
                try await a.vsctl(["get", "interface", "vx-boxB", "options"])
                    == "{dst_port=\"4789\", key=\"5000\", remote_ip=\"192.168.50.5\", ttl=\"5\"}\n")
            #expect(try await b.vsctl(["get", "interface", "vx-boxA", "options:remote_ip"]) == "\"192.168.50.4\"\n")
            #expect(try await a.vsctl(["br-get-external-id", "br-int", "switchboard-owner"]) == "lab11\n")
            #expect(try await a.vsctl(["get", "port", "c1-a", "external_ids:switchboard-owner"]) == "lab11\n")
            #expect(try await a.vsctl(["get", "bridge", "br-int", "fail_mode"]) == "standalone\n")
            #expect(try await a.vsctl(["get", "bridge", "br-int", "protocols"]) == "[OpenFlow14]\n")
            let again = try await planOnly(topology)
            #expect(!again.hasChanges)
            let orchestrator = try await Orchestrator.connect(topology)
            let report = try await orchestrator.apply(again)
            await orchestrator.close()
            #expect(report.changedNodes.isEmpty)
            #expect(report.unchangedNodes == ["boxA", "boxB"])
        }
    }

    @Test("lab12: apply, edit the file, the plan shows exactly the edit; a port deleted by hand shows as missing")
    func lab12() async throws {
        try await withTwoSandboxes { a, b in
            let text = try example("lab12-vlan-separation")
            let topology = try sandboxed(text, ["boxA": a, "boxB": b])
            // A foreign bridge, made by hand: it must survive everything below untouched.
            try await a.vsctl(["add-br", "foreign", "--", "set", "bridge", "foreign", "datapath_type=dummy"])
            try await a.vsctl(["add-port", "foreign", "f1", "--", "set", "interface", "f1", "type=dummy"])
            let foreignBefore = try await a.vsctl([
                "--columns=_uuid,name,ports,external_ids", "list", "bridge", "foreign",
            ])

            try await planAndApply(topology)
            for (sandbox, prefix) in [(a, "a"), (b, "b")] {
                #expect(try await sandbox.vsctl(["get", "port", "\(prefix)-web", "tag"]) == "100\n")
                #expect(try await sandbox.vsctl(["get", "port", "\(prefix)-db", "tag"]) == "200\n")
                #expect(try await sandbox.vsctl(["get", "port", "\(prefix)-uplink", "trunks"]) == "[100, 200]\n")
                #expect(try await sandbox.vsctl(["get", "port", "\(prefix)-uplink", "vlan_mode"]) == "trunk\n")
            }

            // Edit: a-web moves to VLAN 101 on boxA only.
            let edited = text.replacingOccurrences(
                of: "a-web: {type: \"${port_type}\", vlan: 100}", with: "a-web: {type: \"${port_type}\", vlan: 101}")
            #expect(edited != text)
            let editedTopology = try sandboxed(edited, ["boxA": a, "boxB": b])
            let plan = try await planOnly(editedTopology)
            #expect(changeLines(plan, node: "boxA") == ["~ port a-web tag 100 → 101"])
            #expect(changeLines(plan, node: "boxB") == [])
            try await planAndApply(editedTopology)
            #expect(try await a.vsctl(["get", "port", "a-web", "tag"]) == "101\n")
            #expect(!(try await planOnly(editedTopology)).hasChanges)

            // A port deleted by hand is missing from the live state: the plan adds it back.
            try await a.vsctl(["del-port", "a-db"])
            let repair = try await planOnly(editedTopology)
            #expect(changeLines(repair, node: "boxA") == ["+ port a-db (access vlan 200)"])
            try await planAndApply(editedTopology)
            #expect(try await a.vsctl(["get", "port", "a-db", "tag"]) == "200\n")

            // Back to the original file (A → B → A).
            try await planAndApply(topology)
            #expect(try await a.vsctl(["get", "port", "a-web", "tag"]) == "100\n")
            #expect(!(try await planOnly(topology)).hasChanges)

            let foreignAfter = try await a.vsctl([
                "--columns=_uuid,name,ports,external_ids", "list", "bridge", "foreign",
            ])
            #expect(foreignAfter == foreignBefore)
            #expect(try await a.lines(["list-ports", "foreign"]) == ["f1"])
        }
    }

    @Test("plugin-edge: trunk with native VLAN, tunnel, internal port with MAC, ofport requests, mirror")
    func pluginEdge() async throws {
        try await withSandbox { sandbox in
            let topology = try sandboxed(try example("plugin-edge"), ["local": sandbox])
            try await planAndApply(topology)
            #expect(try await sandbox.vsctl(["get", "port", "uplink", "tag"]) == "10\n")
            #expect(try await sandbox.vsctl(["get", "port", "uplink", "vlan_mode"]) == "native-untagged\n")
            #expect(try await sandbox.vsctl(["get", "interface", "mgmt0", "mac"]) == "\"02:00:00:00:e1:01\"\n")
            #expect(try await sandbox.vsctl(["get", "interface", "fw0", "ofport_request"]) == "10\n")
            #expect(try await sandbox.vsctl(["get", "interface", "vx-core", "options:key"]) == "\"7000\"\n")
            #expect(
                try await sandbox.vsctl(["get", "bridge", "br-edge", "other_config:datapath-id"])
                    == "\"00000000000000e1\"\n")
            #expect(try await sandbox.vsctl(["--columns=name", "list", "mirror"]).contains("tap-fw"))
            #expect(!(try await planOnly(topology)).hasChanges)
        }
    }

    @Test("a bridge made by hand with the topology's name is a conflict; --adopt takes it over")
    func adopt() async throws {
        try await withSandbox { sandbox in
            try await sandbox.vsctl(["add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=dummy"])
            let topology = try TopologyLoader.load(
                "name: t\novsdb: \(sandbox.dbTarget)\nbridges:\n  br0:\n    datapath_type: dummy\n    ports:\n      p: {type: dummy}\n"
            ).get()
            let plan = try await planOnly(topology)
            #expect(plan.conflicts.count == 1)
            let orchestrator = try await Orchestrator.connect(topology)
            await #expect(throws: OrchestratorError.self) { try await orchestrator.apply(plan) }
            await orchestrator.close()
            #expect(try await sandbox.lines(["list-ports", "br0"]) == [])
            try await planAndApply(topology, adopt: true)
            #expect(try await sandbox.vsctl(["br-get-external-id", "br0", "switchboard-owner"]) == "t\n")
            #expect(try await sandbox.lines(["list-ports", "br0"]) == ["p"])
        }
    }

    @Test("a row changed between plan and apply: nothing is written, the error says re-plan")
    func stale() async throws {
        try await withSandbox { sandbox in
            let text = "name: t\novsdb: \(sandbox.dbTarget)\nbridges:\n  br0:\n    datapath_type: dummy\n    ports:\n"
            try await planAndApply(try TopologyLoader.load(text + "      p: {type: dummy, vlan: 5}\n").get())
            let changed = try TopologyLoader.load(text + "      p: {type: dummy, vlan: 6}\n      q: {type: dummy}\n")
                .get()
            let orchestrator = try await Orchestrator.connect(changed)
            let plan = try await orchestrator.plan()
            try await sandbox.vsctl(["set", "port", "p", "tag=7"])
            _ = try await sandbox.vsctl(["get", "port", "p", "tag"])
            try await Task.sleep(for: .milliseconds(200))
            await #expect(throws: OrchestratorError.stale(node: "local")) { try await orchestrator.apply(plan) }
            await orchestrator.close()
            #expect(try await sandbox.lines(["list-ports", "br0"]) == ["p"])
            #expect(try await sandbox.vsctl(["get", "port", "p", "tag"]) == "7\n")
        }
    }

    @Test("export of a node, planned against the same node, shows no changes")
    func export() async throws {
        try await withSandbox { sandbox in
            let topology = try sandboxed(try example("plugin-edge"), ["local": sandbox])
            try await planAndApply(topology)
            let exported = try await Orchestrator.export(endpoint: Endpoint(target: sandbox.dbTarget))
            #expect(exported.name == "plugin-edge")
            let reloaded = try TopologyLoader.load(TopologyWriter.yaml(exported)).get()
            let plan = try await planOnly(reloaded)
            #expect(!plan.hasChanges, "\(plan.nodes.flatMap(\.bridges).flatMap(\.changes).map(\.text))")
        }
    }
}

@Suite("Interrupted apply", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct InterruptedApplyTests {
    /// A node with `bridges` × `ports` dummy access ports, owned by topology `big`.
    func bigTopology(_ sandbox: Sandbox, bridges: Int, ports: Int) throws -> Topology {
        var text = "name: big\novsdb: \(sandbox.dbTarget)\nbridges:\n"
        for b in 0..<bridges {
            text += "  br\(b):\n    datapath_type: dummy\n    ports:\n"
            for p in 0..<ports { text += "      p\(b)_\(p): {type: dummy, vlan: \(1 + p % 100)}\n" }
        }
        return try TopologyLoader.load(text).get()
    }

    @Test("ovsdb-server killed during apply: the node is either fully old or fully new")
    func killedMidway() async throws {
        try await withSandbox { sandbox in
            let topology = try bigTopology(sandbox, bridges: 10, ports: 100)
            for delay in [0, 5, 20, 60] {
                let orchestrator = try await Orchestrator.connect(topology)
                let plan = try await orchestrator.plan()
                let applying = Task { try await orchestrator.apply(plan, realizeTimeout: .seconds(5)) }
                try await Task.sleep(for: .milliseconds(delay))
                await sandbox.killOVSDBServer()
                _ = await applying.result
                await orchestrator.close()
                try await sandbox.startOVSDBServer()
                let bridges = try await sandbox.lines(["list-br"])
                let ports = try await sandbox.lines(["--columns=name", "--format=csv", "--no-headings", "list", "port"])
                // All or nothing: no bridges, or all 10 bridges with 100 ports + their local port each.
                #expect(
                    (bridges.isEmpty && ports.isEmpty) || (bridges.count == 10 && ports.count == 1010),
                    "delay \(delay) ms: \(bridges.count) bridges, \(ports.count) ports")
                // Back to old for the next round (delete what landed).
                if !bridges.isEmpty {
                    try await sandbox.vsctl(bridges.flatMap { ["--", "del-br", $0] })
                }
            }
        }
    }
}
