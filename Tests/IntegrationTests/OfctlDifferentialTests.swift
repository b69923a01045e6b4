import Foundation
import OVSSandbox
import TestSupport
import Testing

/// `ofctl` against `ovs-ofctl -O OpenFlow14` on one sandbox: the same changes made to two
/// bridges, one by each tool, must leave identical tables, and both tools must print the
/// same text for the same bridge (durations, counters and xids aside).
@Suite("ofctl vs ovs-ofctl", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct OfctlDifferentialTests {
    static let ofctl = TestEnvironment.productsDirectory.appendingPathComponent("ofctl").path
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("OpenFlowTextTests/Fixtures")

    static let groups = """
        group_id=1,type=select,bucket=weight:10,output:1,bucket=weight:20,actions=output:2
        group_id=2,type=all,bucket=output:1,bucket=resubmit(,1)
        group_id=3,type=ff,bucket=watch_port:1,output:1
        group_id=4,type=indirect,bucket=actions=mod_dl_dst:00:00:00:00:00:09,output:1
        group_id=5,type=select,bucket=output:1,bucket=output:2,bucket=actions=ct(commit,table=3)
        group_id=7,type=all

        """

    /// Runs our ofctl with the sandbox's OVS_RUNDIR.
    func ours(_ sandbox: Sandbox, _ arguments: [String], input: String? = nil) async throws -> Command.Output {
        try await Command(Self.ofctl, arguments, environment: sandbox.environment).run(input: input)
    }

    func reference(_ sandbox: Sandbox, _ arguments: [String]) async throws -> Command.Output {
        try await Command(sandbox.binaries.ofctl, ["-O", "OpenFlow14"] + arguments, environment: sandbox.environment)
            .run()
    }

    /// Durations, counters and xids removed; what remains must be identical.
    func normalized(_ text: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = String(line)
            for pattern in [#"duration=[0-9.]+s, "#, #"n_packets=[0-9]+, n_bytes=[0-9]+, "#, #" \(xid=0x[0-9a-f]+\)"#] {
                l = l.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
            }
            out.append(l)
        }
        return out.joined(separator: "\n")
    }

    func sortedLines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).sorted() }

    func twoBridges(_ sandbox: Sandbox) async throws {
        for (bridge, port) in [("br0", "p0"), ("br1", "p1")] {
            try await sandbox.addBridge(bridge, extra: ["set", "bridge", bridge, "fail_mode=secure"])
            try await sandbox.addPort(port, to: bridge, ofport: 1)
            try await sandbox.addPort(port + "b", to: bridge, ofport: 2)
        }
    }

    @Test("add-groups + add-flows: both bridges end up identical; dumps print identically")
    func flowsAndGroups() async throws {
        try await withSandbox { sandbox in
            try await twoBridges(sandbox)
            let groupFile = sandbox.directory + "/groups.txt"
            try Self.groups.write(toFile: groupFile, atomically: true, encoding: .utf8)
            let flowFile = Self.fixtures.appendingPathComponent("flows.txt").path

            let refGroups = try await reference(sandbox, ["add-groups", "br0", groupFile])
            #expect(refGroups.status == 0, "\(refGroups.stderr)")
            let ourGroups = try await ours(sandbox, ["add-groups", "br1", groupFile])
            #expect(ourGroups.status == 0, "\(ourGroups.stderr)")
            let refFlows = try await reference(sandbox, ["add-flows", "br0", flowFile])
            #expect(refFlows.status == 0, "\(refFlows.stderr)")
            let ourFlows = try await ours(sandbox, ["add-flows", "br1", flowFile])
            #expect(ourFlows.status == 0, "\(ourFlows.stderr)")

            // Installed state, as the reference prints it.
            for command in [["dump-flows"], ["dump-groups"]] {
                let a = try await reference(sandbox, command + ["br0"]).stdout
                let b = try await reference(sandbox, command + ["br1"]).stdout
                #expect(sortedLines(normalized(a)) == sortedLines(normalized(b)), "\(command)")
            }
            // Printing: ours and the reference on the same bridge.
            for command in [
                ["dump-flows"], ["dump-flows", "--no-stats"], ["dump-flows", "--rsort"],
                ["dump-groups"], ["dump-tables"], ["dump-ports-desc"], ["show"], ["dump-aggregate"],
                ["dump-flows", "--no-stats", "table=1"], ["dump-flows", "--no-stats", "tcp"],
                ["dump-flows", "--names"], ["dump-flows", "--no-stats", "in_port=p1"],
            ] {
                let arguments = [command[0], "br1"] + command.dropFirst()
                let want = try await reference(sandbox, arguments)
                let got = try await ours(sandbox, arguments)
                #expect(got.status == 0, "\(command): \(got.stderr)")
                #expect(normalized(got.stdout) == normalized(want.stdout), "\(command)")
            }
            // Sorting by a field: flows with it first, in order; ties and the rest in no
            // specified order (ovs-ofctl's qsort), so only the sorted part is compared exactly.
            let want = try await reference(sandbox, ["dump-flows", "br1", "--sort=tp_dst"]).stdout
            let got = try await ours(sandbox, ["dump-flows", "br1", "--sort=tp_dst"]).stdout
            #expect(sortedLines(normalized(got)) == sortedLines(normalized(want)))
            func sortedPart(_ text: String) -> [String] {
                normalized(text).split(separator: "\n").map(String.init).filter {
                    $0.contains(",tcp") && $0.contains("tp_dst=")
                }
            }
            #expect(sortedPart(got) == sortedPart(want))
            let stats = try await ours(sandbox, ["dump-flows", "br1"])
            #expect(stats.stdout.contains("duration="))
        }
    }

    @Test("mod-flows, del-flows (--strict), replace-flows and diff-flows do what ovs-ofctl does")
    func changes() async throws {
        try await withSandbox { sandbox in
            try await twoBridges(sandbox)
            let groupFile = sandbox.directory + "/groups.txt"
            try Self.groups.write(toFile: groupFile, atomically: true, encoding: .utf8)
            let flowFile = Self.fixtures.appendingPathComponent("flows.txt").path
            for bridge in ["br0", "br1"] {
                #expect(try await reference(sandbox, ["add-groups", bridge, groupFile]).status == 0)
            }
            #expect(try await reference(sandbox, ["add-flows", "br0", flowFile]).status == 0)
            #expect(try await ours(sandbox, ["add-flows", "br1", flowFile]).status == 0)
            let steps: [[String]] = [
                ["mod-flows", "ip,nw_src=10.0.0.0/8,actions=output:2"],
                ["mod-flows", "--strict", "priority=12,ct_state=+trk+new,tcp,actions=drop"],
                ["del-flows", "tcp"],
                ["del-flows", "--strict", "priority=48,pkt_mark=0x5"],
                ["add-flow", "priority=999,udp,tp_dst=4789,actions=output:1"],
            ]
            for step in steps {
                let arguments = [step[0], "BR"] + step.dropFirst()
                let a = try await reference(sandbox, arguments.map { $0 == "BR" ? "br0" : $0 })
                let b = try await ours(sandbox, arguments.map { $0 == "BR" ? "br1" : $0 })
                #expect(a.status == b.status, "\(step): \(b.stderr)")
                let da = try await reference(sandbox, ["dump-flows", "br0", "--no-stats"]).stdout
                let db = try await reference(sandbox, ["dump-flows", "br1", "--no-stats"]).stdout
                #expect(sortedLines(da) == sortedLines(db), "after \(step)")
            }

            // replace-flows to a file that keeps some flows, changes one and adds one.
            let target = """
                priority=100,ip,nw_src=10.0.0.0/8,actions=output:2
                priority=19,icmp,icmp_type=8,icmp_code=0,actions=local
                priority=5000,arp,actions=normal
                """
            let targetFile = sandbox.directory + "/target.txt"
            try target.write(toFile: targetFile, atomically: true, encoding: .utf8)
            let diffWant = try await reference(sandbox, ["diff-flows", "br1", targetFile])
            let diffGot = try await ours(sandbox, ["diff-flows", "br1", targetFile])
            #expect(sortedLines(diffGot.stdout) == sortedLines(diffWant.stdout))
            #expect(diffGot.status == 1)

            _ = try await reference(sandbox, ["replace-flows", "br0", targetFile])
            let replaced = try await ours(sandbox, ["replace-flows", "br1", targetFile])
            #expect(replaced.status == 0, "\(replaced.stderr)")
            let da = try await reference(sandbox, ["dump-flows", "br0", "--no-stats"]).stdout
            let db = try await reference(sandbox, ["dump-flows", "br1", "--no-stats"]).stdout
            #expect(sortedLines(da) == sortedLines(db))
            #expect(sortedLines(db).count == 3)
            let same = try await ours(sandbox, ["diff-flows", "br1", targetFile])
            #expect(same.status == 0 && same.stdout.isEmpty)
        }
    }

    /// Flows that differ in one way each from what the switch holds, for replace-flows and diff-flows.
    static let installedFlows = """
        priority=10,ip,nw_src=10.0.0.1,actions=output:1
        priority=11,ip,nw_src=10.0.0.2,actions=output:1
        cookie=0x5,priority=12,ip,nw_src=10.0.0.3,actions=output:1
        priority=13,idle_timeout=30,ip,nw_src=10.0.0.4,actions=output:1
        priority=14,ip,nw_src=10.0.0.5,actions=output:1
        priority=15,tcp,nw_dst=10.1.0.0/16,tp_dst=80,actions=drop
        table=1,priority=16,ip,nw_src=10.0.0.7,actions=output:2
        priority=17,importance=5,ip,nw_src=10.0.0.8,actions=output:1
        priority=18,udp,actions=output:1
        priority=22,ip,nw_src=10.9.9.9/8,actions=output:1
        priority=23,ip,nw_src=10.0.0.12,actions=mod_dl_dst:00:00:00:00:00:09,output:1

        """
    static let wantedFlows = """
        # actions differ
        priority=10,ip,nw_src=10.0.0.1,actions=output:2
        # cookie differs
        cookie=0x9,priority=11,ip,nw_src=10.0.0.2,actions=output:1
        # unchanged
        cookie=0x5,priority=12,ip,nw_src=10.0.0.3,actions=output:1
        # timeouts differ
        priority=13,idle_timeout=60,hard_timeout=500,ip,nw_src=10.0.0.4,actions=output:1
        # match fields in another order: unchanged
        priority=14,nw_src=10.0.0.5,ip,actions=output:1
        priority=15,tp_dst=80,tcp,nw_dst=10.1.0.0/16,actions=drop
        table=1,priority=16,ip,nw_src=10.0.0.7,actions=output:2
        # importance differs
        priority=17,importance=6,ip,nw_src=10.0.0.8,actions=output:1
        # only in the file (priority=18 is only on the switch)
        priority=19,ip,nw_src=10.0.0.9,actions=output:1
        # one key twice: the later line counts
        priority=20,ip,nw_src=10.0.0.10,actions=output:1
        priority=20,ip,nw_src=10.0.0.10,actions=output:2
        # a masked address written unmasked, and an action spelled another way: unchanged
        priority=22,ip,nw_src=10.0.0.0/8,actions=output:1
        priority=23,ip,nw_src=10.0.0.12,actions=set_field:00:00:00:00:00:09->eth_dst,output:1

        """

    @Test(
        "replace-flows and diff-flows match ovs-ofctl for flows differing in actions, cookie, timeouts, importance, match order, one side only"
    )
    func replaceAndDiffCases() async throws {
        try await withSandbox { sandbox in
            try await twoBridges(sandbox)
            let installedFile = sandbox.directory + "/installed.txt"
            let wantedFile = sandbox.directory + "/wanted.txt"
            try Self.installedFlows.write(toFile: installedFile, atomically: true, encoding: .utf8)
            try Self.wantedFlows.write(toFile: wantedFile, atomically: true, encoding: .utf8)
            for bridge in ["br0", "br1"] {
                let added = try await reference(sandbox, ["add-flows", bridge, installedFile])
                #expect(added.status == 0, "\(added.stderr)")
            }
            // Switch against file, file against switch, file against file, switch against switch.
            for sources in [["br1", wantedFile], [wantedFile, "br1"], [installedFile, wantedFile], ["br0", "br1"]] {
                let want = try await reference(sandbox, ["diff-flows"] + sources)
                let got = try await ours(sandbox, ["diff-flows"] + sources)
                // Two files: ovs-ofctl tells mod_dl_dst from set_field as written; ofctl parses both
                // to the OpenFlow 1.4 set_field a switch reports (Docs/ofctl.md, known differences).
                let spelled = sources == [installedFile, wantedFile]
                let wantLines = sortedLines(want.stdout).filter { !spelled || !$0.contains("priority=23,") }
                #expect(sortedLines(got.stdout) == wantLines, "\(sources)")
                #expect(got.status == (want.stdout.isEmpty ? 0 : 1), "\(sources): \(got.stderr)")
            }
            // Actions, cookie, timeouts, importance: both versions; priority 18, 19 and 20: one each.
            let wantDiff = try await reference(sandbox, ["diff-flows", "br1", wantedFile]).stdout
            #expect(sortedLines(wantDiff).count >= 11, "\(wantDiff)")

            for bundle in [[], ["--bundle"]] {
                _ = try await reference(sandbox, bundle + ["replace-flows", "br0", wantedFile])
                let replaced = try await ours(sandbox, bundle + ["replace-flows", "br1", wantedFile])
                #expect(replaced.status == 0, "\(replaced.stderr)")
                let da = try await reference(sandbox, ["dump-flows", "br0", "--no-stats"]).stdout
                let db = try await reference(sandbox, ["dump-flows", "br1", "--no-stats"]).stdout
                #expect(sortedLines(da) == sortedLines(db))
                #expect(sortedLines(db).count == 12)
                let same = try await ours(sandbox, ["diff-flows", "br1", wantedFile])
                #expect(same.status == 0 && same.stdout.isEmpty, "\(same.stdout)")
                // Back to where both started, for the run with --bundle.
                for bridge in ["br0", "br1"] {
                    #expect(try await reference(sandbox, ["replace-flows", bridge, installedFile]).status == 0)
                }
            }
        }
    }

    @Test("--bundle is all or nothing; a bad line sends nothing; errors name what failed; exit codes")
    func atomicityAndErrors() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            let good = (0..<50).map { "priority=\($0 + 1),ip,nw_dst=10.0.0.\($0),actions=drop" }
            // A syntax error on line 30: nothing is sent, exit 2, the line is named.
            var lines = good
            lines[29] = "priority=1,ip,nw_dts=1.2.3.4,actions=drop"
            let syntax = try await ours(sandbox, ["add-flows", "br0", "-"], input: lines.joined(separator: "\n"))
            #expect(syntax.status == 2)
            #expect(syntax.stderr.contains("stdin:30:"))
            #expect(syntax.stderr.contains("did you mean nw_dst?"))
            // A flow the switch refuses (table 255 cannot hold flows): the bundle changes nothing, exit 1.
            lines = good
            lines[10] = "table=255,priority=1,actions=drop"
            let refused = try await ours(
                sandbox, ["--bundle", "add-flows", "br0", "-"], input: lines.joined(separator: "\n"))
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("message #11"))
            #expect(try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"]).isEmpty)
            // --bundle streams while parsing: a bad line after several batches were sent discards
            // the bundle (exit 2, nothing changed); a refusal deep in the file names its line.
            let many = (0..<5_000).map { "priority=7,ip,nw_dst=10.1.\($0 / 256).\($0 % 256),actions=drop" }
            lines = many
            lines[3_499] = "priority=1,ip,nw_dts=1.2.3.4,actions=drop"
            let late = try await ours(
                sandbox, ["--bundle", "add-flows", "br0", "-"], input: lines.joined(separator: "\n"))
            #expect(late.status == 2)
            #expect(late.stderr.contains("stdin:3500:"))
            #expect(late.stderr.contains("the bundle was discarded"))
            #expect(try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"]).isEmpty)
            lines = many
            lines[2_499] = "table=255,priority=1,actions=drop"
            let deep = try await ours(
                sandbox, ["--bundle", "add-flows", "br0", "-"], input: lines.joined(separator: "\n"))
            #expect(deep.status == 1)
            #expect(deep.stderr.contains("message #2500"))
            #expect(deep.stderr.contains("stdin:2500: table=255"))
            #expect(try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"]).isEmpty)
            // Fine without the bad flow.
            let ok = try await ours(
                sandbox, ["--bundle", "add-flows", "br0", "-"], input: good.joined(separator: "\n"))
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(try await ours(sandbox, ["dump-aggregate", "br0"]).stdout.contains("flow_count=50"))

            let json = try await ours(sandbox, ["dump-flows", "br0", "--format", "json"])
            let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            #expect(parsed?.count == 50)
            #expect((parsed?.first?["actions"] as? String) == "drop")

            let version = try await ours(sandbox, ["-O", "OpenFlow13", "dump-flows", "br0"])
            #expect(version.status == 2)
            #expect(version.stderr.contains("OpenFlow 1.4 only"))
            let missing = try await ours(sandbox, ["dump-flows", "nosuchbridge"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("nosuchbridge.mgmt"))
            let unreachable = try await ours(sandbox, ["--timeout", "2", "probe", "tcp:127.0.0.1:1"])
            #expect(unreachable.status == 1)
            #expect(try await ours(sandbox, ["probe", "br0"]).status == 0)
        }
    }
}
