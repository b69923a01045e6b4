import Controller
import Foundation
import OVSSandbox
import OpenFlow
import PolicyCompiler
import TestSupport
import Testing
import Topology

/// Compiled policies on a real switch with real packets: hosts in namespaces on a userspace-datapath
/// bridge, the flows and groups installed in one bundle through the controller.
@Suite(
    "Policies with real traffic (netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct PolicyTrafficTests {
    @Test("drop http: port 80 is refused, ping and other ports still work, the drop flow counts packets")
    func dropHTTP() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.94.0") { client, server in
                try await withPolicy(["FORWARD -p tcp --dport 80 -j DROP"], on: sandbox) { handle, _ in
                    try await expectPing(from: client, to: server)
                    #expect(
                        try await tcpAnswer(from: client, to: server.ip, port: 80, server: server, listen: 80) == nil)
                    try await expectTCPExchange(client: client, server: server)
                    let drop = try await handle.flows().first { SwitchboardCookie.rule(of: $0.cookie) == 0 }
                    #expect((drop?.packetCount ?? 0) > 0, "the drop flow saw no packet")
                }
            }
        }
    }

    @Test("stateful DNAT: VIP:45 reaches the plugin's port 22, the reply comes from the VIP, VIP:46 goes nowhere")
    func statefulDNAT() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.95.0") { client, plugin in
                let rules = ["PREROUTING -i \(client.switchPort) -p tcp -d 10.95.0.100 --dport 45 -j DNAT --to ssh:22"]
                let plugins = [try await pluginRecord(plugin, name: "ssh")]
                try await withPolicy(rules, plugins: plugins, on: sandbox) { _, _ in
                    var answer: String?
                    for _ in 0..<3 where answer == nil {
                        answer = try await tcpAnswer(
                            from: client, to: "10.95.0.100", port: 45, server: plugin, listen: 22)
                    }
                    #expect(answer == "hello from the plugin\n")
                    #expect(
                        try await tcpAnswer(from: client, to: "10.95.0.100", port: 46, server: plugin, listen: 46)
                            == nil)
                }
            }
        }
    }

    @Test("stateless DNAT: the same without conntrack, rewritten both ways by flows")
    func statelessDNAT() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.96.0") { client, plugin in
                let rules = ["PREROUTING -p tcp -d 10.96.0.100 --dport 45 -j DNAT --to ssh:22 --stateless"]
                let plugins = [try await pluginRecord(plugin, name: "ssh")]
                try await withPolicy(rules, plugins: plugins, on: sandbox) { _, _ in
                    var answer: String?
                    for _ in 0..<3 where answer == nil {
                        answer = try await tcpAnswer(
                            from: client, to: "10.96.0.100", port: 45, server: plugin, listen: 22)
                    }
                    #expect(answer == "hello from the plugin\n")
                }
            }
        }
    }

    @Test("copy to a plugin, both directions: the ping still works and the plugin captures requests and replies")
    func copyBidirectional() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.97.0") { client, server in
                let ids = try await TrafficHost.attach(to: sandbox, bridge: "br0", address: "10.97.0.4/24")
                defer { Task { await ids.remove() } }
                let rules = ["PREROUTING -p icmp -d \(server.ip) -j COPY --to ids --bidirectional"]
                let plugins = [try await pluginRecord(ids, name: "ids")]
                try await withPolicy(rules, plugins: plugins, on: sandbox) { _, _ in
                    let tcpdump = try ExecutableSearch.require("tcpdump", package: "tcpdump")
                    let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
                    async let capture = ids.namespace.command(
                        timeout, ["4", tcpdump, "-n", "-l", "-i", ids.interface, "icmp"]
                    ).run()
                    try await Task.sleep(for: .seconds(1.5))
                    try await expectPing(from: client, to: server)
                    let lines = try await capture.stdout.split(separator: "\n")
                    let requests = lines.filter {
                        $0.contains("\(client.ip) > \(server.ip)") && $0.contains("echo request")
                    }
                    let replies = lines.filter {
                        $0.contains("\(server.ip) > \(client.ip)") && $0.contains("echo reply")
                    }
                    #expect(requests.count == 3, "\(lines)")
                    #expect(replies.count == 3, "\(lines)")
                }
            }
        }
    }
}

/// A plugin record for a test host: its switch port, address and MAC.
func pluginRecord(_ host: TrafficHost, name: String) async throws -> PolicyPlugin {
    let ip = try ExecutableSearch.require("ip", package: "iproute2")
    let link = try await host.run(ip, ["-o", "link", "show", "dev", host.interface]).stdout
    let words = link.split(separator: " ")
    let mac = try #require(words.firstIndex(of: "link/ether").map { MACAddress(words[$0 + 1]) } ?? nil)
    return PolicyPlugin(name: name, port: host.switchPort, address: try #require(IPv4Address(host.ip)), mac: mac)
}

/// Connects a controller to br0's management socket, compiles `rules` against the bridge's real
/// port numbers, installs groups and flows in one bundle, runs `body`, and disconnects.
func withPolicy(
    _ rules: [String], plugins: [PolicyPlugin] = [], on sandbox: Sandbox,
    _ body: (Switch, CompiledPolicy) async throws -> Void
) async throws {
    let controller = Controller()
    do {
        try controller.connect(to: .unix(path: sandbox.managementSocket(bridge: "br0")))
        let handle = try #require(try await controller.waitForSwitches(count: 1).first)
        let ports = try await handle.ports()
        let numbers = Dictionary(ports.map { ($0.name, $0.portNumber.rawValue) }, uniquingKeysWith: { a, _ in a })
        let parsed = try rules.enumerated().map { index, text in
            try FirewallRuleParser(origin: SourceLocation(file: "test", line: index + 1, column: 1)).parse(text)
        }
        let compiled = try PolicyCompiler().compile(
            BridgePolicy(bridge: "br0", plugins: plugins, rules: parsed, portNumbers: numbers))
        try await handle.bundle(
            compiled.groups.map { OFMessage.Body.groupMod($0.group) } + compiled.flows.map { .flowMod($0.flow) })
        try await body(handle, compiled)
    } catch {
        await controller.shutdown()
        throw error
    }
    await controller.shutdown()
}

/// Opens a TCP connection from `client` to ADDRESS:PORT while `server` listens on its own address
/// and LISTEN, answering a fixed line; returns what the client read, or nil if nothing came back.
func tcpAnswer(
    from client: TrafficHost, to address: String, port: Int, server: TrafficHost, listen: Int
) async throws -> String? {
    let nc = try ExecutableSearch.require("nc", package: "netcat-openbsd")
    let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
    // nc -l waits for a connection forever whatever -w says; the refused cases need a bound.
    async let served = server.namespace.command(timeout, ["6", nc, "-l", "-N", "-w", "4", server.ip, "\(listen)"]).run(
        input: "hello from the plugin\n")
    try await Task.sleep(for: .milliseconds(300))
    let reply = try await client.namespace.command(nc, ["-N", "-w", "3", address, "\(port)"]).run(input: "hi\n")
    _ = try await served
    return reply.stdout.isEmpty ? nil : reply.stdout
}
