import Foundation
import OVSSandbox

/// The hosts the demo plugs into plugin-edge.yaml's system ports: a client on the uplink (untagged,
/// so in the trunk's native VLAN 10), the two plugins with the addresses and MACs the file gives
/// them, and a host on the mirror's output port (the file names it; nothing is sent from it).
struct EdgeHosts {
    struct Spec {
        var port: String
        var role: String
        var address: String
        var mac: String?
    }

    static let specs = [
        Spec(port: "uplink", role: "client, native VLAN 10", address: "10.0.10.1/24"),
        Spec(port: "fw0", role: "firewall plugin, VLAN 10", address: "10.0.10.2/24", mac: "02:00:00:00:0f:01"),
        Spec(port: "lb0", role: "balancer plugin, VLAN 20", address: "10.0.20.2/24", mac: "02:00:00:00:0b:01"),
        Spec(port: "span0", role: "mirror tap-fw's output", address: "192.0.2.99/24"),
    ]

    /// The address the DNAT rule publishes; nobody owns it, the switch answers ARP for it.
    static let publicAddress = "203.0.113.10"

    let client: TrafficHost
    let firewall: TrafficHost
    let balancer: TrafficHost
    let all: [TrafficHost]

    /// Creates every host, printing one line each; the client reaches the public address
    /// directly on its link (an edge's upstream router would, here there is none).
    static func create(in sandbox: Sandbox) async throws -> EdgeHosts {
        let hosts = try await TrafficHost.createAll(
            in: sandbox, specs.map { TrafficHostSpec(port: $0.port, address: $0.address, mac: $0.mac) }
        ) { _, made in
            let role = specs.first { $0.port == made.port }?.role ?? "host"
            print("  \(made.port): \(role), \(made.address)\(made.mac.map { ", MAC \($0)" } ?? "")")
        }
        do {
            let ip = try ExecutableSearch.require("ip", package: "iproute2")
            try await hosts[0].run(ip, ["route", "add", publicAddress + "/32", "dev", hosts[0].interface])
        } catch {
            await TrafficHost.removeAll(hosts)
            throw error
        }
        return EdgeHosts(client: hosts[0], firewall: hosts[1], balancer: hosts[2], all: hosts)
    }

    func remove() async {
        await TrafficHost.removeAll(all)
    }

    /// Opens TCP from the client to ADDRESS:PORT while the firewall listens on LISTEN and answers
    /// one line; returns what the client read, or nil if nothing came back.
    func tcpAnswer(to address: String, port: Int, listen: Int) async throws -> String? {
        let nc = try ExecutableSearch.require("nc", package: "netcat-openbsd")
        let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
        // nc -l waits for a connection forever whatever -w says: bound it.
        async let served = firewall.namespace.command(
            timeout, ["6", nc, "-l", "-N", "-w", "4", firewall.ip, "\(listen)"]
        ).run(input: "hello from the firewall plugin (\(firewall.ip):\(listen))\n")
        try await Task.sleep(for: .milliseconds(300))
        let reply = try await client.namespace.command(nc, ["-N", "-w", "3", address, "\(port)"]).run(input: "hi\n")
        _ = try await served
        return reply.stdout.isEmpty ? nil : reply.stdout
    }

    /// Sends QUERIES UDP datagrams from the client to the firewall's port 53 while tcpdump listens
    /// on the firewall and on the balancer; returns the lines each one printed.
    func captureDNS(queries: Int) async throws -> (firewall: [String], balancer: [String]) {
        let tcpdump = try ExecutableSearch.require("tcpdump", package: "tcpdump")
        let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
        let bash = try ExecutableSearch.require("bash", package: "bash")
        func capture(_ host: TrafficHost) throws -> Command {
            try host.namespace.command(timeout, ["3", tcpdump, "-n", "-q", "-l", "-i", host.interface, "udp port 53"])
        }
        async let atFirewall = try capture(firewall).run()
        async let atBalancer = try capture(balancer).run()
        // tcpdump needs a moment to open its capture.
        try await Task.sleep(for: .seconds(1))
        // One socket per query (bash's /dev/udp), so each is a datagram of its own.
        try await client.run(
            bash, ["-c", "for i in $(seq \(queries)); do echo query$i > /dev/udp/\(firewall.ip)/53; done"])
        func packets(_ output: Command.Output) -> [String] {
            output.stdout.split(separator: "\n").map(String.init).filter { $0.contains(" > ") }
        }
        return (packets(try await atFirewall), packets(try await atBalancer))
    }
}
