import Foundation
import OVSSandbox
import TestSupport
import Testing

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
        for command in [["validate"], ["plan"], ["apply", "--yes"], ["graph"]] {
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
