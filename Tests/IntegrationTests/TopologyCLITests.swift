import Foundation
import OVSSandbox
import TestSupport
import Testing
import Topology

import struct Topology.Port

/// `switchboard validate | plan | apply | export` as a user runs them: the built executable,
/// sandboxes as nodes, `ovs-vsctl` as the oracle.
@Suite("switchboard topology CLI", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct TopologyCLITests {
    let switchboard = TestEnvironment.productsDirectory.appendingPathComponent("switchboard").path

    func run(_ arguments: [String]) async throws -> Command.Output {
        try await Command(switchboard, arguments, environment: ["NO_COLOR": "1"]).run()
    }

    func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies/\(name).yaml").path
    }

    @Test("validate: exit 0 for the examples, 1 with every problem located")
    func validate() async throws {
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: URL(fileURLWithPath: examplePath("x")).deletingLastPathComponent().path
        ).filter { $0.hasSuffix(".yaml") }
        #expect(examples.count >= 6)
        for file in examples {
            let output = try await run(["validate", examplePath(String(file.dropLast(5)))])
            #expect(output.status == 0, "\(output.stderr)")
        }
        let directory = try makeTemporaryDirectory(prefix: "tv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad = directory + "/bad.yaml"
        try "name: x\novsdb: unix:/x\nbridges:\n  br0:\n    fail_mod: secure\n    ports:\n      p: {vlan: 5000}\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let output = try await run(["validate", bad])
        #expect(output.status == 1)
        #expect(output.stderr.contains("\(bad):5:5: error: unknown key `fail_mod` (at bridges.br0.fail_mod)"))
        #expect(output.stderr.contains("hint: did you mean `fail_mode`?"))
        #expect(output.stderr.contains("\(bad):7:17: error: VLAN 5000 is outside 1–4094"))
        #expect(output.stderr.contains("2 errors"))
    }

    @Test("validate: a schema error on one bridge and a policy error on another are reported together")
    func schemaAndPolicyErrors() async throws {
        let directory = try makeTemporaryDirectory(prefix: "tv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/mixed.yaml"
        try """
        name: mixed
        ovsdb: unix:/x
        bridges:
          br0:
            ports:
              p: {vlan: 5000}
            policies:
              - PREROUTING -p tcp -j DNAT --to nowhere:22
          br1:
            ports:
              uplink: {}
              fw0: {}
            plugins:
              firewall: {port: fw0, ip: 10.0.0.2/24}
            policies:
              - PREROUTING -i uplink -p tcp --dport 22 -j DNAT --to firewal:22

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let output = try await run(["validate", file])
        #expect(output.status == 1)
        let lines = output.stderr.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(
            lines == [
                "\(file):6:17: error: VLAN 5000 is outside 1–4094 (at bridges.br0.ports.p.vlan)",
                "\(file):16:9: error: unknown plugin 'firewal' (did you mean firewall?)",
                "2 errors",
            ], "\(output.stderr)")
    }

    @Test("--var of a name the file does not declare: every file command exits 1 and names what exists")
    func undeclaredVariable() async throws {
        let file = examplePath("plugin-edge")
        for command in [["validate"], ["plan"], ["apply", "--yes"], ["graph"], ["export", "--from"]] {
            let output = try await run(command + [file, "--var", "prot_type=dummy"])
            #expect(output.status == 1, "\(command): \(output.stdout)")
            #expect(
                output.stderr.hasPrefix(
                    "--var:1:1: error: the file has no top-level variable `prot_type` (at --var prot_type)\n"
                        + "    hint: did you mean `port_type`?\n1 error\n"), "\(command): \(output.stderr)")
        }
        let valid = try await run(["validate", file, "--var", "port_type=dummy"])
        #expect(valid.status == 0, "\(valid.stderr)")
    }

    /// The examples with plugins or policies, the ones an export without `--from` would lose.
    static let pluginExamples: [String] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.filter { name in
            guard let text = try? String(contentsOf: directory.appendingPathComponent("\(name).yaml"), encoding: .utf8),
                let topology = try? TopologyLoader.load(text).get()
            else { return false }
            return topology.nodes.flatMap(\.bridges).contains { !$0.plugins.isEmpty || $0.policies != nil }
        }.sorted()
    }()

    @Test("apply, then export --from the file: every node reads back as the file's", arguments: pluginExamples)
    func exportFrom(_ name: String) async throws {
        let topology = try Self.withDummyPorts(
            TopologyLoader.load(
                try String(contentsOfFile: examplePath(name), encoding: .utf8),
                options: .init(variables: ["datapath": "dummy"])
            ).get())
        #expect(topology.nodes.count <= 2, "the test starts at most two sandboxes")
        let directory = try makeTemporaryDirectory(prefix: "ex")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/\(name).yaml"
        try TopologyWriter.yaml(topology).write(toFile: file, atomically: true, encoding: .utf8)
        try await withSandbox { first in
            try await withSandbox { second in
                let sandboxes = Dictionary(uniqueKeysWithValues: zip(topology.nodes.map(\.name), [first, second]))
                let endpoints = sandboxes.flatMap { ["--endpoint", "\($0.key)=\($0.value.dbTarget)"] }
                // A plugin without `mac:` is a VM whose port its hypervisor made, with the MAC in
                // external_ids:attached-mac; apply takes such a port over with --adopt.
                var adopt: [String] = []
                for node in topology.nodes {
                    for bridge in node.bridges {
                        for (index, plugin) in bridge.plugins.enumerated() where plugin.mac == nil {
                            try await #require(sandboxes[node.name]).vsctl([
                                "--may-exist", "add-br", bridge.name, "--", "set", "bridge", bridge.name,
                                "datapath_type=dummy", "--", "add-port", bridge.name, plugin.port, "--", "set",
                                "interface", plugin.port, "type=dummy",
                                "external_ids:attached-mac=\"02:00:00:00:00:\(String(format: "%02x", index + 1))\"",
                            ])
                            adopt = ["--adopt"]
                        }
                    }
                }
                let apply = try await run(["apply", file, "--yes"] + adopt + endpoints)
                #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
                for node in topology.nodes {
                    let sandbox = try #require(sandboxes[node.name])
                    let bare = try await run(["export", "--db", sandbox.dbTarget, "--node", node.name])
                    #expect(bare.stderr.contains("plugins and policies are not stored in OVSDB"), "\(bare.stderr)")
                    let exported = try await run([
                        "export", "--db", sandbox.dbTarget, "--node", node.name, "--from", file,
                    ])
                    #expect(exported.status == 0, "\(exported.stderr)")
                    #expect(exported.stderr.isEmpty, "\(exported.stderr)")
                    let again = try TopologyLoader.load(exported.stdout).get()
                    #expect(again.name == topology.name)
                    let exportedFile = directory + "/exported-\(node.name).yaml"
                    try exported.stdout.write(toFile: exportedFile, atomically: true, encoding: .utf8)
                    let plan = try await run(["plan", exportedFile, "--detailed-exitcode"])
                    #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
                    let bridges = try #require(again.nodes.first).bridges
                    #expect(
                        bridges.map(comparable) == node.bridges.map(comparable).sorted { $0.name < $1.name },
                        "\(exported.stdout)")
                }
            }
        }
    }

    /// The examples' ports are network devices (`system`), which a dummy sandbox cannot open, and
    /// a bridge whose ports cannot open gets no flows: they become `dummy` ports here.
    static func withDummyPorts(_ topology: Topology) -> Topology {
        func dummy(_ type: String) -> String { type.isEmpty || type == "system" ? "dummy" : type }
        let nodes = topology.nodes.map { node in
            TopologyNode(
                name: node.name, endpoint: node.endpoint, underlayIP: node.underlayIP,
                bridges: node.bridges.map { bridge in
                    Bridge(
                        name: bridge.name, datapathType: bridge.datapathType, failMode: bridge.failMode,
                        protocols: bridge.protocols, controllers: bridge.controllers, datapathID: bridge.datapathID,
                        otherConfig: bridge.otherConfig, externalIDs: bridge.externalIDs,
                        ports: bridge.ports.map { port in
                            let kind: Port.Kind
                            switch port.kind {
                            case .system(let type): kind = .system(interfaceType: dummy(type))
                            case .access(let vlan, let type): kind = .access(vlan: vlan, interfaceType: dummy(type))
                            case .trunk(let trunk, let type): kind = .trunk(trunk, interfaceType: dummy(type))
                            default: kind = port.kind
                            }
                            return Port(
                                name: port.name, kind: kind, ofportRequest: port.ofportRequest,
                                externalIDs: port.externalIDs)
                        }, mirrors: bridge.mirrors, plugins: bridge.plugins, policies: bridge.policies)
                })
        }
        return Topology(name: topology.name, nodes: nodes)
    }

    /// A bridge as OVSDB can hold it: the fail mode in effect, ports and mirrors by name, nothing
    /// of where the file wrote things or which overlay made a tunnel port.
    func comparable(_ bridge: Bridge) -> Bridge {
        Bridge(
            name: bridge.name, datapathType: bridge.datapathType, failMode: bridge.effectiveFailMode,
            protocols: bridge.protocols, controllers: bridge.controllers, datapathID: bridge.datapathID,
            otherConfig: bridge.otherConfig, externalIDs: bridge.externalIDs,
            ports: bridge.ports.sorted { $0.name < $1.name }.map {
                Port(name: $0.name, kind: $0.kind, ofportRequest: $0.ofportRequest, externalIDs: $0.externalIDs)
            },
            mirrors: bridge.mirrors.sorted { $0.name < $1.name }.map {
                Mirror(
                    name: $0.name, selectAll: $0.selectAll, selectSourcePorts: $0.selectSourcePorts.sorted(),
                    selectDestinationPorts: $0.selectDestinationPorts.sorted(), selectVLANs: $0.selectVLANs,
                    output: $0.output)
            },
            plugins: bridge.plugins.map { Plugin(name: $0.name, port: $0.port, ip: $0.ip, mac: $0.mac) },
            policies: bridge.policies?.map {
                var rule = $0
                rule.location = SourceLocation(file: "", line: 0, column: 0)
                return rule
            })
    }

    @Test("plan --detailed-exitcode 2, apply --yes, then plan 0 and apply prints No changes; export plans clean")
    func planApply() async throws {
        try await withSandbox { a in
            try await withSandbox { b in
                let common = [
                    examplePath("lab12-vlan-separation"), "--var", "datapath=dummy", "--var", "port_type=dummy",
                    "--endpoint", "boxA=\(a.dbTarget)", "--endpoint", "boxB=\(b.dbTarget)",
                ]
                let plan = try await run(["plan"] + common + ["--detailed-exitcode"])
                #expect(plan.status == 2, "\(plan.stderr)")
                #expect(plan.stdout.contains("    + port a-web (access vlan 100)\n"))
                #expect(plan.stdout.contains("    + port b-uplink (trunk vlans 100,200)\n"))
                #expect(plan.stdout.hasSuffix("Plan: 8 to add, 0 to change, 0 to delete.\n"))
                #expect(!plan.stdout.contains("\u{1B}["))

                let json = try await run(["plan"] + common + ["--json"])
                #expect(json.status == 0)
                let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
                #expect((document?["summary"] as? [String: Int])?["add"] == 8)

                let refused = try await run(["apply"] + common)
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("--yes"))
                #expect(try await a.vsctl(["list-br"]) == "")

                let apply = try await run(["apply"] + common + ["--yes"])
                #expect(apply.status == 0, "\(apply.stderr)")
                #expect(apply.stdout.contains("node boxA: realized by ovs-vswitchd"))
                #expect(apply.stdout.contains("Apply complete: 8 added, 0 changed, 0 deleted on 2 node(s)."))
                #expect(try await a.lines(["list-ports", "br0"]) == ["a-db", "a-uplink", "a-web"])

                let clean = try await run(["plan"] + common + ["--detailed-exitcode"])
                #expect(clean.status == 0)
                let again = try await run(["apply"] + common + ["--yes"])
                #expect(again.status == 0)
                #expect(again.stdout.hasSuffix("No changes.\n"))
                #expect(!again.stdout.contains("sending"))

                let exported = try await run(["export", "--db", a.dbTarget, "--node", "boxA"])
                #expect(exported.status == 0, "\(exported.stderr)")
                #expect(exported.stdout.hasPrefix("name: lab12\n"))
                let file = a.directory + "/exported.yaml"
                try exported.stdout.write(toFile: file, atomically: true, encoding: .utf8)
                let exportedPlan = try await run(["plan", file, "--detailed-exitcode"])
                #expect(exportedPlan.status == 0, "\(exportedPlan.stdout)\(exportedPlan.stderr)")
            }
        }
    }
}
