import Foundation
import OVSSandbox
import TestSupport
import Testing

/// mod-port, dump-group-stats/-features, packet-out and monitor (watch: too), each against `ovs-ofctl
/// -O OpenFlow14` on the same sandbox: the same change made by both tools must show the same
/// way, and the same reply must print the same text (durations and xids aside).
@Suite(
    "ofctl mod-port, group stats, packet-out, monitor vs ovs-ofctl",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct OfctlEventTests {
    static let ofctl = TestEnvironment.productsDirectory.appendingPathComponent("ofctl").path

    func ours(_ sandbox: Sandbox, _ arguments: [String]) async throws -> Command.Output {
        try await Command(Self.ofctl, arguments, environment: sandbox.environment).run()
    }

    func reference(_ sandbox: Sandbox, _ arguments: [String]) async throws -> Command.Output {
        try await Command(sandbox.binaries.ofctl, ["-O", "OpenFlow14"] + arguments, environment: sandbox.environment)
            .run()
    }

    /// Durations and xids removed.
    func normalized(_ text: String) -> String {
        var t = text
        for pattern in [#"duration=?[0-9.]+s,?"#, #" \(xid=0x[0-9a-f]+\)"#] {
            t = t.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        return t
    }

    /// The `config:` line of port 1 in ovs-ofctl's dump-ports-desc of `bridge`.
    func configOfPort1(_ sandbox: Sandbox, _ bridge: String) async throws -> String {
        let lines = try await sandbox.ofctl(["dump-ports-desc", bridge]).split(separator: "\n").map(String.init)
        guard let i = lines.firstIndex(where: { $0.hasPrefix(" 1(") }), i + 1 < lines.count else { return "?" }
        return lines[i + 1].trimmingCharacters(in: .whitespaces)
    }

    func twoBridges(_ sandbox: Sandbox) async throws {
        for (bridge, port) in [("br0", "p0"), ("br1", "p1")] {
            try await sandbox.addBridge(bridge, extra: ["set", "bridge", bridge, "fail_mode=secure"])
            try await sandbox.addPort(port, to: bridge, ofport: 1)
            try await sandbox.addPort(port + "b", to: bridge, ofport: 2)
        }
    }

    @Test("mod-port: every action sets the port config bit ovs-ofctl's does (dump-ports-desc)")
    func modPort() async throws {
        try await withSandbox { sandbox in
            try await twoBridges(sandbox)
            let actions = [
                "down", "up", "no-receive", "no-forward", "nopacket-in", "receive", "forward", "packet-in", "no-flood",
                "flood", "no-stp", "down",
            ]
            for action in actions {
                // ovs-ofctl by port number on br0, ofctl by name on br1 (and by number every other time).
                let a = try await reference(sandbox, ["mod-port", "br0", "1", action])
                let b = try await ours(sandbox, ["mod-port", "br1", action.count % 2 == 0 ? "p1" : "1", action])
                #expect(a.status == 0 && b.status == 0, "\(action): \(b.stderr)")
                let want = try await configOfPort1(sandbox, "br0")
                let got = try await configOfPort1(sandbox, "br1")
                #expect(got == want, "after \(action)")
            }
            #expect(try await configOfPort1(sandbox, "br1") == "config:     PORT_DOWN")
            let noop = try await ours(sandbox, ["mod-port", "br1", "p1", "no-flood"])
            #expect(noop.stderr.contains("no OpenFlow 1.4 config bit"))

            let unknown = try await ours(sandbox, ["mod-port", "br1", "p1", "sideways"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("unknown mod-port command 'sideways'"))
            let missing = try await ours(sandbox, ["mod-port", "br1", "p9", "up"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("couldn't find port 'p9'"))
            let short = try await ours(sandbox, ["mod-port", "br1", "p1"])
            #expect(short.status == 2)
        }
    }

    @Test("dump-group-stats and dump-group-features print what ovs-ofctl prints; JSON parses")
    func groupStats() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await sandbox.addPort("p1", to: "br0", ofport: 1)
            try await sandbox.addPort("p2", to: "br0", ofport: 2)
            try await sandbox.ofctl(["add-group", "br0", "group_id=1,type=all,bucket=output:1,bucket=output:2"])
            try await sandbox.ofctl(["add-group", "br0", "group_id=2,type=select,bucket=output:2"])
            try await sandbox.ofctl(["add-group", "br0", "group_id=9,type=indirect,bucket=output:1"])
            // Traffic through group 1, so counters are not all zero.
            try await sandbox.ofctl(["add-flow", "br0", "in_port=2,actions=group:1"])
            try await sandbox.appctl([
                "netdev-dummy/receive", "p2",
                "in_port(2),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)",
            ])
            try await Task.sleep(for: .milliseconds(300))
            for arguments in [
                ["dump-group-stats", "br0"], ["dump-group-stats", "br0", "group_id=1"],
                ["dump-group-stats", "br0", "group_id=all"], ["dump-group-stats", "br0", "group_id=5"],
                ["dump-group-features", "br0"],
            ] {
                let want = try await reference(sandbox, arguments)
                let got = try await ours(sandbox, arguments)
                #expect(want.status == 0 && got.status == 0, "\(arguments): \(got.stderr)")
                #expect(normalized(got.stdout) == normalized(want.stdout), "\(arguments)")
                #expect(!got.stdout.isEmpty)
            }
            let stats = try await ours(sandbox, ["dump-group-stats", "br0"]).stdout
            #expect(stats.contains("group_id=1,duration="))
            #expect(stats.contains("ref_count=1,packet_count=1,"))
            // A bare number is accepted too (ovs-ofctl wants group_id=N).
            #expect(try await ours(sandbox, ["dump-group-stats", "br0", "2"]).stdout.contains("group_id=2,"))

            let json = try await ours(sandbox, ["--format", "json", "dump-group-stats", "br0"]).stdout
            let groups = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
            #expect(groups?.count == 3)
            let one = groups?.first { ($0["group_id"] as? Int) == 1 }
            #expect(one?["packet_count"] as? Int == 1)
            #expect((one?["buckets"] as? [[String: Any]])?.count == 2)
            let featuresJSON = try await ours(sandbox, ["--format", "json", "dump-group-features", "br0"]).stdout
            let features = try JSONSerialization.jsonObject(with: Data(featuresJSON.utf8)) as? [String: Any]
            #expect(features?["types"] as? Int == 15)
            let types = (features?["groups"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(types == ["all", "select", "indirect", "ff"])

            let bad = try await ours(sandbox, ["dump-group-stats", "br0", "group_id=x"])
            #expect(bad.status == 2)
        }
    }

    /// tx packets of port 2, read with ovs-ofctl.
    func txPackets(_ sandbox: Sandbox) async throws -> Int {
        let text = try await sandbox.ofctl(["dump-ports", "br0", "2"])
        guard let r = text.range(of: #"tx pkts=[0-9]+"#, options: .regularExpression) else { return -1 }
        return Int(text[r].dropFirst("tx pkts=".count)) ?? -1
    }

    @Test("packet-out: each form sends the packet out of the port, as ovs-ofctl's does")
    func packetOut() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await sandbox.addPort("p1", to: "br0", ofport: 1)
            try await sandbox.addPort("p2", to: "br0", ofport: 2)
            let frame =
                "505400000002" + "505400000001" + "0800" + "4500001c0001000040110000" + "0a0000010a000002"
                + "0001000200080000"
            let before = try await txPackets(sandbox)
            let want = try await reference(
                sandbox, ["packet-out", "br0", "in_port=LOCAL,packet=\(frame),actions=output:2"])
            #expect(want.status == 0, "\(want.stderr)")
            let afterReference = try await txPackets(sandbox)
            #expect(afterReference == before + 1)
            let got = try await ours(sandbox, ["packet-out", "br0", "in_port=LOCAL,packet=\(frame),actions=output:2"])
            #expect(got.status == 0, "\(got.stderr)")
            #expect(try await txPackets(sandbox) == afterReference + 1)
            // The older form: one packet-out per packet; port names work too.
            let two = try await ours(sandbox, ["packet-out", "br0", "p1", "output:p2", frame, frame])
            #expect(two.status == 0, "\(two.stderr)")
            #expect(try await txPackets(sandbox) == afterReference + 3)

            let odd = try await ours(sandbox, ["packet-out", "br0", "in_port=1,packet=\(frame)0,actions=output:2"])
            #expect(odd.status == 2)
            #expect(odd.stderr.contains("odd number of hex digits"))
            let arity = try await ours(sandbox, ["packet-out", "br0", "1", "output:2"])
            #expect(arity.status == 2)
            // A port the switch refuses (no such port): reported with the switch's error, exit 1.
            let refused = try await ours(
                sandbox, ["packet-out", "br0", "in_port=0xfffffff0,packet=\(frame),actions=output:2"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("OFPBRC_BAD_PORT") || refused.stderr.contains("refused"))
            #expect(try await txPackets(sandbox) == afterReference + 3)
        }
    }

    @Test("monitor: port status and flow removed lines equal ovs-ofctl monitor's for the same events")
    func monitor() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await sandbox.addPort("p1", to: "br0", ofport: 1)
            // Both watch the same bridge at once; both stop after 6 s (ovs-ofctl by SIGINT).
            async let mine = ours(sandbox, ["--timeout", "6", "monitor", "br0", "65535"])
            async let theirs = Command(
                "/usr/bin/timeout",
                ["-s", "INT", "6", sandbox.binaries.ofctl, "-O", "OpenFlow14", "monitor", "br0", "65535"],
                environment: sandbox.environment
            ).run()
            try await Task.sleep(for: .milliseconds(1500))
            try await sandbox.addPort("p7", to: "br0", ofport: 7)
            try await sandbox.ofctl([
                "add-flow", "br0", "priority=5,ip,nw_src=10.1.2.3,hard_timeout=1,send_flow_rem,actions=output:1",
            ])
            try await sandbox.vsctl(["del-port", "br0", "p7"])
            let got = try await mine
            let want = try await theirs
            #expect(got.status == 0, "\(got.stderr)")
            #expect(got.stdout.contains("OFPT_PORT_STATUS (OF1.4) (xid=0x0): ADD: 7(p7)"))
            #expect(got.stdout.contains("OFPT_PORT_STATUS (OF1.4) (xid=0x0): DEL: 7(p7)"))
            #expect(
                got.stdout.contains("OFPT_FLOW_REMOVED (OF1.4) (xid=0x0): priority=5,ip,nw_src=10.1.2.3 reason=hard"))
            // Run this way, ovs-ofctl 3.1 writes the messages to standard error (in a shell, to
            // standard output): take both, without its log line about the signal.
            let reference = (want.stdout + want.stderr).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("|fatal_signal|") }.joined(separator: "\n")
            #expect(reference.contains("OFPT_FLOW_REMOVED"), "ovs-ofctl: \(want.status) \(want.stderr)")
            #expect(normalized(got.stdout) == normalized(reference))

            let ttl = try await ours(sandbox, ["monitor", "br0", "invalid_ttl"])
            #expect(ttl.status == 2)
            #expect(ttl.stderr.contains("invalid_ttl requires OpenFlow 1.0, 1.1 or 1.2"))
            let bad = try await ours(sandbox, ["monitor", "br0", "sideways"])
            #expect(bad.status == 2)
        }
    }

    @Test("monitor watch: flow updates (initial, added, modified, deleted) equal ovs-ofctl monitor watch:'s")
    func monitorWatch() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await sandbox.ofctl(["add-flow", "br0", "priority=5,ip,actions=drop"])
            // Two monitors on one connection: everything, and table 1's TCP flows without actions.
            let specs = ["watch:", "watch:!initial,!actions,table=1,tcp"]
            async let mine = ours(sandbox, ["--timeout", "6", "monitor", "br0"] + specs)
            async let theirs = Command(
                "/usr/bin/timeout",
                ["-s", "INT", "6", sandbox.binaries.ofctl, "-O", "OpenFlow14", "monitor", "br0"] + specs,
                environment: sandbox.environment
            ).run()
            try await Task.sleep(for: .milliseconds(1500))
            try await sandbox.ofctl(["add-flow", "br0", "table=1,priority=100,tcp,tp_dst=80,actions=output:1"])
            try await sandbox.ofctl(["add-flow", "br0", "table=2,priority=7,udp,actions=output:2"])
            try await sandbox.ofctl(["mod-flows", "br0", "table=1,tcp,tp_dst=80,actions=output:2"])
            try await sandbox.ofctl(["del-flows", "br0", "table=1,tcp"])
            let got = try await mine
            let want = try await theirs
            #expect(got.status == 0, "\(got.stderr)")
            let lines = got.stdout.split(separator: "\n").map(String.init)
            for line in [
                " event=INITIAL table=0 cookie=0 ip",
                " event=ADDED table=1 cookie=0 tcp,tp_dst=80 actions=output:1",
                " event=ADDED table=2 cookie=0 udp actions=output:2",
                " event=MODIFIED table=1 cookie=0 tcp,tp_dst=80 actions=output:2",
                " event=DELETED reason=delete table=1 cookie=0 tcp,tp_dst=80 actions=output:2",
            ] {
                #expect(lines.contains(line), "missing \(line) in \(got.stdout)")
            }
            #expect(lines.filter { $0.hasPrefix("OFPST_FLOW_MONITOR reply (OF1.4) (xid=0x0):") }.count == 4)
            // As in monitor(): ovs-ofctl writes the updates to standard error here.
            let reference = (want.stdout + want.stderr).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("|fatal_signal|") }.joined(separator: "\n")
            #expect(reference.contains("event=DELETED"), "ovs-ofctl: \(want.status) \(want.stderr)")
            #expect(normalized(got.stdout) == normalized(reference))

            let bad = try await ours(sandbox, ["monitor", "br0", "watch:!sideways"])
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("unknown watch option '!sideways'"))
        }
    }

    @Test("dump-table-features: byte-identical to ovs-ofctl's, ditto runs and folded field lists included")
    func tableFeatures() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            let want = try await reference(sandbox, ["dump-table-features", "br0"])
            let got = try await ours(sandbox, ["dump-table-features", "br0"])
            #expect(want.status == 0 && got.status == 0, "\(got.stderr)")
            // No durations or xids here: byte for byte, field lists included.
            #expect(got.stdout == want.stdout)
            #expect(got.stdout.hasPrefix("  table 0:\n"))
            #expect(got.stdout.contains("  tables 1...252: ditto"))
            #expect(got.stdout.contains("arbitrary mask: ") && got.stdout.contains(" eth_{src,dst}"))
            let json = try await ours(sandbox, ["--format", "json", "dump-table-features", "br0"]).stdout
            let tables = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
            #expect(tables?.count == 254)
        }
    }
}
