import Foundation
import OVSSandbox
import Orchestrator
import Reconciler
import TestSupport
import Testing
import Topology

/// The policy scenarios in `Topologies/`, each applied the way `switchboard apply` does (OVSDB
/// transaction, then one bundle per bridge) to a userspace-datapath sandbox, then checked with
/// real packets between hosts in namespaces; a second plan must be empty.
@Suite(
    "Policy scenarios from Topologies/ with real traffic",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct PolicyScenarioTests {
    @Test("plugin-dnat.yaml: VIP:45 lands on the plugin (stateful to port 22, stateless to 2222), VIP:46 goes nowhere")
    func dnat() async throws {
        try await withScenario(
            "plugin-dnat",
            hosts: [
                TrafficHostSpec(port: "client0", address: "10.95.0.1/24"),
                TrafficHostSpec(port: "ssh0", address: "10.95.0.2/24", mac: "02:00:00:95:00:02"),
            ]
        ) { _, hosts in
            let (client, plugin) = (hosts[0], hosts[1])
            for (vip, pluginPort) in [("10.95.0.100", 22), ("10.95.0.101", 2222)] {
                var answer: String?
                for _ in 0..<3 where answer == nil {
                    answer = try await tcpAnswer(from: client, to: vip, port: 45, server: plugin, listen: pluginPort)
                }
                #expect(answer == "hello from the plugin\n", "through \(vip):45")
            }
            #expect(try await tcpAnswer(from: client, to: "10.95.0.100", port: 46, server: plugin, listen: 46) == nil)
        }
    }

    /// The file's rule is `--bidirectional`; the same rule with `--inbound` copies only what it
    /// matches (the requests to the server), with `--outbound` only the reverse (the replies).
    @Test(
        "plugin-copy.yaml: the ping still works and the plugin captures the requested directions",
        arguments: [("--bidirectional", 3, 3), ("--inbound", 3, 0), ("--outbound", 0, 3)])
    func copy(direction: String, requests: Int, replies: Int) async throws {
        try await withScenario(
            "plugin-copy",
            hosts: [
                TrafficHostSpec(port: "client0", address: "10.97.0.1/24"),
                TrafficHostSpec(port: "server0", address: "10.97.0.2/24"),
                TrafficHostSpec(port: "ids0", address: "10.97.0.4/24", mac: "02:00:00:97:00:04"),
            ],
            edit: {
                $0.replacingOccurrences(of: "-j COPY --to ids --bidirectional", with: "-j COPY --to ids \(direction)")
            }
        ) { _, hosts in
            let (client, server, ids) = (hosts[0], hosts[1], hosts[2])
            let tcpdump = try ExecutableSearch.require("tcpdump", package: "tcpdump")
            let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
            async let capture = ids.namespace.command(
                timeout, ["4", tcpdump, "-n", "-l", "-i", ids.interface, "icmp"]
            ).run()
            try await Task.sleep(for: .seconds(1.5))
            try await expectPing(from: client, to: server)
            let lines = try await capture.stdout.split(separator: "\n")
            let copiedRequests = lines.filter { $0.contains("10.97.0.1 > 10.97.0.2") && $0.contains("echo request") }
            let copiedReplies = lines.filter { $0.contains("10.97.0.2 > 10.97.0.1") && $0.contains("echo reply") }
            #expect(copiedRequests.count == requests, "\(direction): \(lines)")
            #expect(copiedReplies.count == replies, "\(direction): \(lines)")
        }
    }

    @Test("drop-http.yaml: port 80 is refused, ping and other ports work, the drop flow counts packets")
    func dropHTTP() async throws {
        try await withScenario(
            "drop-http",
            hosts: [
                TrafficHostSpec(port: "client0", address: "10.94.0.1/24"),
                TrafficHostSpec(port: "web0", address: "10.94.0.2/24"),
            ]
        ) { sandbox, hosts in
            let (client, server) = (hosts[0], hosts[1])
            try await expectPing(from: client, to: server)
            #expect(try await tcpAnswer(from: client, to: server.ip, port: 80, server: server, listen: 80) == nil)
            try await expectTCPExchange(client: client, server: server)
            let flows = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0", "tcp,tp_dst=80"])
            let counter = flows.split(separator: ",").first { $0.contains("n_packets=") }
            #expect(
                counter != nil && counter?.contains("n_packets=0") == false, "the drop flow saw no packet: \(flows)")
        }
    }

    @Test("plugin-snat.yaml: the plugin pings a host on the uplink side, which sees the SNAT address")
    func snat() async throws {
        try await withScenario(
            "plugin-snat",
            hosts: [
                TrafficHostSpec(port: "uplink0", address: "10.98.0.9/24"),
                TrafficHostSpec(port: "web0", address: "10.98.0.3/24", mac: "02:00:00:98:00:03"),
            ]
        ) { _, hosts in
            let (outside, plugin) = (hosts[0], hosts[1])
            let tcpdump = try ExecutableSearch.require("tcpdump", package: "tcpdump")
            let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
            async let capture = outside.namespace.command(
                timeout, ["4", tcpdump, "-n", "-l", "-i", outside.interface, "icmp"]
            ).run()
            try await Task.sleep(for: .seconds(1.5))
            try await expectPing(from: plugin, to: outside)
            let lines = try await capture.stdout.split(separator: "\n")
            #expect(lines.filter { $0.contains("10.98.0.50 > 10.98.0.9") && $0.contains("echo request") }.count == 3)
            #expect(!lines.contains { $0.contains("10.98.0.3 >") }, "the plugin's own address leaked: \(lines)")
        }
    }

    /// The `ips` plugin is a one-armed inline box made of a tc filter: it sends every TCP frame
    /// it receives straight back out of its interface, and counts them. TCP between client and
    /// server works only while it does; with the filter removed, TCP stops and ping (not steered)
    /// still works.
    @Test("plugin-through.yaml: TCP to the server goes out to the plugin and back, and stops when the plugin drops it")
    func through() async throws {
        try await withScenario(
            "plugin-through",
            hosts: [
                TrafficHostSpec(port: "client0", address: "10.89.0.1/24"),
                TrafficHostSpec(port: "server0", address: "10.89.0.2/24"),
                TrafficHostSpec(port: "ips0", address: "10.89.0.4/24"),
            ]
        ) { _, hosts in
            let (client, server, ips) = (hosts[0], hosts[1], hosts[2])
            let tc = try ExecutableSearch.require("tc", package: "iproute2")
            try await ips.run(tc, ["qdisc", "add", "dev", ips.interface, "ingress"])
            let reflect = [
                "filter", "add", "dev", ips.interface, "parent", "ffff:", "protocol", "ip", "u32", "match", "ip",
                "protocol", "6", "0xff", "action", "mirred", "egress", "redirect", "dev", ips.interface,
            ]
            try await ips.run(tc, reflect)
            var answer: String?
            for _ in 0..<3 where answer == nil {
                answer = try await tcpAnswer(from: client, to: server.ip, port: 8080, server: server, listen: 8080)
            }
            #expect(answer == "hello from the plugin\n")
            let stats = try await ips.run(tc, ["-s", "filter", "show", "dev", ips.interface, "parent", "ffff:"])
            let sent = stats.stdout.split(separator: "\n").first { $0.contains("Sent ") && $0.contains(" pkt") }
            let packets = sent.flatMap { line in
                line.split(separator: " ").firstIndex(of: "pkt").map { line.split(separator: " ")[$0 - 1] }
            }
            #expect(packets.flatMap { Int($0) }.map { $0 >= 6 } == true, "the plugin saw no TCP: \(stats.stdout)")
            // Without the filter the plugin's kernel drops the frames: they are addressed to the server.
            try await ips.run(tc, ["filter", "del", "dev", ips.interface, "parent", "ffff:"])
            #expect(try await tcpAnswer(from: client, to: server.ip, port: 8080, server: server, listen: 8080) == nil)
            try await expectPing(from: client, to: server)
        }
    }

    /// Starts a netdev sandbox, creates the hosts, applies `Topologies/NAME.yaml` to it, runs
    /// `body`, then checks that planning again changes nothing.
    func withScenario(
        _ name: String, hosts specs: [TrafficHostSpec], edit: (String) -> String = { $0 },
        _ body: (Sandbox, [TrafficHost]) async throws -> Void
    ) async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies/\(name).yaml")
        let text = edit(try String(contentsOf: file, encoding: .utf8))
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            let hosts = try await TrafficHost.createAll(in: sandbox, specs)
            do {
                let topology = try TopologyLoader.load(
                    text, file: file.lastPathComponent, options: .init(endpoints: ["local": sandbox.dbTarget])
                ).get()
                let orchestrator = try await Orchestrator.connect(topology)
                do {
                    let report = try await orchestrator.apply(try await orchestrator.plan())
                    #expect(report.changedBridges == ["local/br0"])
                    #expect(report.interfaceErrors.isEmpty, "\(report.interfaceErrors)")
                    try await body(sandbox, hosts)
                    let again = try await orchestrator.plan()
                    #expect(!again.hasChanges, "\(PlanRenderer.text(again))")
                } catch {
                    await orchestrator.close()
                    throw error
                }
                await orchestrator.close()
            } catch {
                await TrafficHost.removeAll(hosts)
                throw error
            }
            await TrafficHost.removeAll(hosts)
        }
    }
}
