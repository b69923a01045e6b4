import Foundation
import OVSSandbox
import Orchestrator
import Reconciler
import TestSupport
import Testing
import Topology

/// A DNAT to a plugin whose file gives no `mac:` (the issue's "MAC learned from OVSDB/ARP"):
/// `apply` learns it from the Interface's `external_ids:attached-mac` or refuses before changing
/// anything, `serve --topology` learns it by ARP and follows a plugin restarted with a new MAC.
/// Real TCP through the DNAT shows each MAC is the plugin's.
@Suite(
    "Plugin MACs learned from OVSDB and by ARP, with real traffic (netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct PluginMACLearningTests {
    static let pluginMAC = "02:00:00:95:00:02"

    /// Topologies/plugin-learned-mac.yaml, with its policies replaced by `policies`.
    static func file(policies: [String]) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies/plugin-learned-mac.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let head = try #require(text.range(of: "    policies:")).lowerBound
        return String(text[..<head]) + "    policies:"
            + (policies.isEmpty ? " []" : policies.map { "\n      - \($0)" }.joined()) + "\n"
    }

    /// The 1-based line of the first line of `text` containing `needle`.
    static func line(of needle: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    static let dnat = "PREROUTING -i client0 -p tcp -d 10.95.0.100 --dport 45 -j DNAT --to ssh:22"

    @Test("apply refuses a plugin without a MAC source (nothing changes), then learns it from attached-mac and DNATs")
    func applyFromOVSDB() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            let hosts = try await TrafficHost.createAll(
                in: sandbox,
                [
                    TrafficHostSpec(port: "client0", address: "10.95.0.1/24"),
                    TrafficHostSpec(port: "ssh0", address: "10.95.0.2/24", mac: Self.pluginMAC),
                ])
            do {
                try await applySteps(sandbox, hosts)
            } catch {
                await TrafficHost.removeAll(hosts)
                throw error
            }
            await TrafficHost.removeAll(hosts)
        }
    }

    /// (c), then (a) of `applyFromOVSDB` on a sandbox with the client and the plugin.
    func applySteps(_ sandbox: Sandbox, _ hosts: [TrafficHost]) async throws {
        do {
            func load(_ policies: [String]) throws -> Topology {
                try TopologyLoader.load(
                    try Self.file(policies: policies), file: "learn.yaml",
                    options: .init(endpoints: ["local": sandbox.dbTarget])
                ).get()
            }
            func expectRefused(_ topology: Topology) async throws {
                let orchestrator = try await Orchestrator.connect(topology)
                do {
                    _ = try await orchestrator.plan()
                    Issue.record("plan must refuse a plugin whose MAC is not known")
                } catch {
                    let text = error.description
                    #expect(text.contains("nothing was applied, a plugin's MAC is not known"), "\(text)")
                    let source = try Self.file(policies: [Self.dnat])
                    let plugin = Self.line(of: "ssh: {port", in: source)
                    let rule = Self.line(of: "-j DNAT", in: source)
                    #expect(text.contains("learn.yaml:\(plugin):7: error"), "\(text)")
                    #expect(text.contains("error: the MAC of plugin ssh is not known"), "\(text)")
                    #expect(text.contains("learn.yaml:\(rule):9"), "the rule: \(text)")
                    #expect(
                        text.contains("add `mac:`") && text.contains("attached-mac")
                            && text.contains("serve --topology"))
                }
                await orchestrator.close()
            }

            // (c) No bridge yet, no MAC source: refused while planning, nothing created.
            try await expectRefused(try load(["\(Self.dnat)"]))
            #expect(try await sandbox.vsctl(["list-br"]).isEmpty)

            // The bridge with its pipeline only; then the DNAT is refused and the flows stay as they are.
            let pipelineOnly = try await Orchestrator.connect(try load([]))
            try await pipelineOnly.apply(try await pipelineOnly.plan())
            await pipelineOnly.close()
            let before = try await flowLines(sandbox)
            try await expectRefused(try load(["\(Self.dnat)"]))
            #expect(try await flowLines(sandbox) == before)

            // (a) The MAC from the Interface's external_ids:attached-mac; plan says so.
            try await sandbox.vsctl(["set", "interface", "ssh0", "external_ids:attached-mac=\"\(Self.pluginMAC)\""])
            let orchestrator = try await Orchestrator.connect(try load(["\(Self.dnat)"]))
            let plan = try await orchestrator.plan()
            let text = PlanRenderer.text(plan)
            #expect(
                text.contains("= plugin ssh: mac \(Self.pluginMAC) (interface ssh0 external_ids:attached-mac)"),
                "\(text)")
            let json = PlanRenderer.json(plan)
            #expect(json.contains("\"source\" : \"interface ssh0 external_ids:attached-mac\""), "\(json)")
            let report = try await orchestrator.apply(plan)
            #expect(report.changedBridges == ["local/br0"])
            var answer: String?
            for _ in 0..<3 where answer == nil {
                answer = try await tcpAnswer(from: hosts[0], to: "10.95.0.100", port: 45, server: hosts[1], listen: 22)
            }
            #expect(answer == "hello from the plugin\n")
            let flows = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0"])
            #expect(flows.contains("set_field:\(Self.pluginMAC)->eth_dst"), "\(flows)")
            #expect(!(try await orchestrator.plan()).hasChanges)
            await orchestrator.close()
        }
    }

    @Test("apply learns an internal port's mac_in_use once it has created the port; plan says so before and after")
    func applyFromInternalPort() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            let text = """
                name: learn-internal
                ovsdb: unix:/nonexistent/db.sock
                bridges:
                  br0:
                    datapath_type: netdev
                    ports: {uplink0: {type: dummy}, lb0: {type: internal}}
                    plugins:
                      balancer: {port: lb0, ip: 10.91.0.2/24}
                    policies:
                      - PREROUTING -p tcp -d 10.91.0.100 --dport 80 -j DNAT --to balancer:8080

                """
            let topology = try TopologyLoader.load(
                text, file: "internal.yaml", options: .init(endpoints: ["local": sandbox.dbTarget])
            ).get()
            let orchestrator = try await Orchestrator.connect(topology)
            let plan = try await orchestrator.plan()
            let before = PlanRenderer.text(plan)
            #expect(
                before.contains(
                    "= plugin balancer: mac learned during apply (internal interface lb0 mac_in_use, once created)"),
                "\(before)")
            try await orchestrator.apply(plan)
            let inUse = try await sandbox.vsctl(["get", "interface", "lb0", "mac_in_use"])
                .trimmingCharacters(in: .whitespacesAndNewlines.union(["\""]))
            #expect(MACAddress(inUse) != nil, "\(inUse)")
            let flows = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0"])
            #expect(flows.contains("set_field:\(inUse)->eth_dst"), "\(flows)")
            let again = try await orchestrator.plan()
            #expect(!again.hasChanges, "\(PlanRenderer.text(again))")
            #expect(
                PlanRenderer.text(again).contains("= plugin balancer: mac \(inUse) (internal interface lb0 mac_in_use)")
            )
            await orchestrator.close()
        }
    }

    /// Starts the real `switchboard serve --topology` on a file with one stateful DNAT from
    /// `client`'s port to the `ssh` plugin, which has no `mac:`, and points br0 at it.
    func serveDNAT(
        on sandbox: Sandbox, client: TrafficHost, plugin: TrafficHost, vip: String, options: [String] = []
    ) async throws -> ServeProcess {
        let file = sandbox.directory + "/serve.yaml"
        try """
        name: learn-mac
        ovsdb: unix:/nonexistent/db.sock
        bridges:
          br0:
            ports: {\(client.switchPort): {}, \(plugin.switchPort): {}}
            plugins:
              ssh: {port: \(plugin.switchPort), ip: \(plugin.address)}
            policies:
              - PREROUTING -i \(client.switchPort) -p tcp -d \(vip) --dport 45 -j DNAT --to ssh:22
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let socket = sandbox.directory + "/sb.sock"
        let serve = try ServeProcess(
            ["--listen", "unix:" + socket, "--topology", file] + options, log: sandbox.directory + "/serve.out")
        #expect(try await serve.waitForLine(containing: "listening on") != nil, "\(serve.output)")
        try await sandbox.vsctl([
            "set-controller", "br0", "unix:" + socket, "--", "set", "controller", "br0", "max_backoff=1000",
        ])
        return serve
    }

    @Test("serve --topology learns the MAC by ARP (the DNAT is held until then) and follows a new one")
    func serveByARP() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await withTwoHosts(on: sandbox, subnet: "10.92.0") { client, plugin in
                let mac = try #require(try await pluginRecord(plugin, name: "ssh").mac)
                let vip = "10.92.0.100"
                let serve = try await serveDNAT(on: sandbox, client: client, plugin: plugin, vip: vip)
                let waiting = try await serve.waitForLine(containing: "is not known yet")
                #expect(waiting?.contains("asking it by ARP") == true, "\(serve.output)")
                let learned = try await serve.waitForLine(containing: "learned by ARP")
                #expect(learned?.contains("plugin ssh is at \(mac)") == true, "\(serve.output)")
                #expect(try await serve.waitForLine(containing: "1 changed") != nil, "\(serve.output)")
                var answer: String?
                for _ in 0..<3 where answer == nil {
                    answer = try await tcpAnswer(from: client, to: vip, port: 45, server: plugin, listen: 22)
                }
                #expect(answer == "hello from the plugin\n", "\(serve.output)")

                // The plugin comes back with another MAC: its port changes, serve asks again.
                let ip = try ExecutableSearch.require("ip", package: "iproute2")
                let newMAC = "02:00:00:92:00:99"
                let offset = serve.output.count
                try await plugin.run(ip, ["link", "set", "dev", plugin.interface, "down"])
                try await plugin.run(ip, ["link", "set", "dev", plugin.interface, "address", newMAC])
                try await plugin.run(ip, ["link", "set", "dev", plugin.interface, "up"])
                // Asked again on the port's change, or at the latest by the 30-second re-probe.
                let followed = try await serve.waitForLine(
                    containing: "learned by ARP", after: offset, timeout: .seconds(40))
                #expect(followed?.contains("is at \(newMAC) (was \(mac))") == true, "\(serve.output)")
                answer = nil
                for _ in 0..<3 where answer == nil {
                    answer = try await tcpAnswer(from: client, to: vip, port: 45, server: plugin, listen: 22)
                }
                #expect(answer == "hello from the plugin\n", "\(serve.output)")
                #expect(try await serve.stop() == 0)
            }
        }
    }

    @Test("serve holds the DNAT while the plugin does not answer (traffic dropped, not misdelivered), then learns it")
    func serveHoldsUntilAnswered() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await withTwoHosts(on: sandbox, subnet: "10.89.0") { client, plugin in
                // The plugin answers no ARP at first (arp_ignore=8), so the probe goes unanswered.
                let sysctl = try ExecutableSearch.require("sysctl", package: "procps")
                try await plugin.run(sysctl, ["-w", "net.ipv4.conf.all.arp_ignore=8"])
                let vip = "10.89.0.100"
                let serve = try await serveDNAT(
                    on: sandbox, client: client, plugin: plugin, vip: vip, options: ["--mac-probe-interval", "1"])
                #expect(try await serve.waitForLine(containing: "reconciled") != nil, "\(serve.output)")
                let held = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0", "table=2,tcp"])
                #expect(held.contains("priority=60000") && held.contains("actions=drop"), "\(held)")
                // The plugin listens on 22 meanwhile: nothing may reach it, nor anything else.
                #expect(
                    try await tcpAnswer(from: client, to: vip, port: 45, server: plugin, listen: 22) == nil,
                    "a held DNAT delivered traffic")
                #expect(!serve.output.contains("learned by ARP"), "\(serve.output)")

                try await plugin.run(sysctl, ["-w", "net.ipv4.conf.all.arp_ignore=0"])
                let learned = try await serve.waitForLine(containing: "learned by ARP", timeout: .seconds(10))
                #expect(learned != nil, "the re-probe did not learn the MAC: \(serve.output)")
                var answer: String?
                for _ in 0..<3 where answer == nil {
                    answer = try await tcpAnswer(from: client, to: vip, port: 45, server: plugin, listen: 22)
                }
                #expect(answer == "hello from the plugin\n", "\(serve.output)")
                #expect(try await serve.stop() == 0)
            }
        }
    }

    /// br0's flows without statistics, sorted.
    func flowLines(_ sandbox: Sandbox) async throws -> [String] {
        let dump = try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0"])
        return dump.split(separator: "\n").filter { $0.contains("cookie=") }.map { line in
            line.split(separator: " ").filter {
                !["duration=", "n_packets=", "n_bytes=", "idle_age=", "hard_age="].contains(where: $0.hasPrefix)
            }.joined(separator: " ")
        }.sorted()
    }
}
