import Foundation
import OVSSandbox
import Orchestrator
import TestSupport
import Testing
import Topology

/// lab12 with real packets: two netdev sandboxes (nodes) in their own namespaces, the uplinks a
/// veth pair between them, and four hosts: the same VLAN reaches across the trunk, different
/// VLANs do not.
@Suite(
    "Topologies with real traffic (netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct TopologyTrafficTests {
    /// A host namespace whose veth peer is created directly inside the node's namespace under the
    /// port name the topology uses (names inside namespaces do not collide across tests).
    struct Host {
        let namespace: NetworkNamespace
        let ip: String

        static func make(node: Sandbox, port: String, address: String) async throws -> Host {
            let tag = String(UUID().uuidString.prefix(8)).lowercased()
            let namespace = try NetworkNamespace("t" + tag)
            try await namespace.create()
            let ip = try ExecutableSearch.require("ip", package: "iproute2")
            guard let nodeNamespace = node.namespace?.name else { throw SandboxError.needsRoot("netdev sandbox") }
            try await Command(
                ip,
                [
                    "link", "add", "e" + tag, "netns", namespace.name, "type", "veth", "peer", "name", port, "netns",
                    nodeNamespace,
                ]
            ).check()
            try await Command(ip, ["-n", namespace.name, "addr", "add", address, "dev", "e" + tag]).check()
            try await Command(ip, ["-n", namespace.name, "link", "set", "e" + tag, "up"]).check()
            try await Command(ip, ["-n", nodeNamespace, "link", "set", port, "up"]).check()
            return Host(namespace: namespace, ip: String(address.split(separator: "/")[0]))
        }

        /// Whether three pings to `other` get through (a short timeout: failing is expected too).
        func reaches(_ other: Host) async throws -> Bool {
            let ping = try ExecutableSearch.require("ping", package: "iputils-ping")
            let output = try await namespace.command(ping, ["-c", "3", "-i", "0.2", "-W", "1", other.ip]).run()
            return output.stdout.contains(" 0% packet loss") || output.stdout.contains("3 received")
        }
    }

    @Test("lab12: same VLAN pings across the trunk, different VLANs do not")
    func lab12Traffic() async throws {
        let text = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Topologies/lab12-vlan-separation.yaml"),
            encoding: .utf8)
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { a in
            try await withSandbox(Sandbox.Options(datapath: .netdev)) { b in
                guard let nsA = a.namespace?.name, let nsB = b.namespace?.name else { return }
                let ip = try ExecutableSearch.require("ip", package: "iproute2")
                // The wire between the nodes: a-uplink in A's namespace, b-uplink in B's.
                try await Command(
                    ip,
                    ["link", "add", "a-uplink", "netns", nsA, "type", "veth", "peer", "name", "b-uplink", "netns", nsB]
                ).check()
                try await Command(ip, ["-n", nsA, "link", "set", "a-uplink", "up"]).check()
                try await Command(ip, ["-n", nsB, "link", "set", "b-uplink", "up"]).check()
                var hosts: [Host] = []
                do {
                    let aWeb = try await Host.make(node: a, port: "a-web", address: "10.12.0.1/24")
                    hosts.append(aWeb)
                    let bWeb = try await Host.make(node: b, port: "b-web", address: "10.12.0.2/24")
                    hosts.append(bWeb)
                    let aDB = try await Host.make(node: a, port: "a-db", address: "10.12.0.3/24")
                    hosts.append(aDB)
                    let bDB = try await Host.make(node: b, port: "b-db", address: "10.12.0.4/24")
                    hosts.append(bDB)

                    let topology = try TopologyLoader.load(
                        text, options: .init(endpoints: ["boxA": a.dbTarget, "boxB": b.dbTarget])
                    ).get()
                    let orchestrator = try await Orchestrator.connect(topology)
                    let plan = try await orchestrator.plan()
                    let report = try await orchestrator.apply(plan)
                    await orchestrator.close()
                    #expect(report.interfaceErrors.isEmpty, "\(report.interfaceErrors)")

                    #expect(try await aWeb.reaches(bWeb), "VLAN 100 across the trunk")
                    #expect(try await aDB.reaches(bDB), "VLAN 200 across the trunk")
                    #expect(!(try await aWeb.reaches(bDB)), "VLAN 100 must not reach VLAN 200")
                    #expect(!(try await aWeb.reaches(aDB)), "VLAN 100 must not reach VLAN 200 on the same node")
                } catch {
                    for host in hosts { await host.namespace.delete() }
                    throw error
                }
                for host in hosts { await host.namespace.delete() }
            }
        }
    }
}
