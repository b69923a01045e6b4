import Foundation
import OVSSandbox
import Orchestrator
import Reconciler
import TestSupport
import Testing
import Topology

/// The two-node examples with a VXLAN overlay, applied to two netdev sandboxes joined by an
/// underlay (`OverlayNodes`) and checked with real packets that cross the tunnel.
@Suite(
    "Overlays with real traffic (VXLAN, netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct OverlayTrafficTests {
    /// A host the file expects on one node: 0 is boxA, 1 is boxB.
    struct HostSpec {
        var node: Int
        var port: String
        var address: String
        var mac: String? = nil
    }

    @Test("lab11: hosts on two nodes ping each other through the VXLAN tunnel (VNI 5000 on the wire)")
    func lab11() async throws {
        let hosts = [
            HostSpec(node: 0, port: "c1-a", address: "10.11.0.1/24"),
            HostSpec(node: 0, port: "c2-a", address: "10.11.0.3/24"),
            HostSpec(node: 1, port: "c1-b", address: "10.11.0.2/24"),
            HostSpec(node: 1, port: "c2-b", address: "10.11.0.4/24"),
        ]
        try await withOverlay("lab11-vxlan-overlay", hosts: hosts) { nodes, hosts in
            let before = try await OverlayNodes.counters(nodes.a, bridge: "br-int", port: "vx-boxB")
            let wire = try await OverlayNodes.captureUnderlay(nodes.b, wire: OverlayNodes.wires.1, seconds: 5) {
                try await expectPing(from: hosts[0], to: hosts[2])
                try await expectPing(from: hosts[3], to: hosts[1])
            }
            // Encapsulated on the underlay: the hosts' ICMP inside VXLAN with the file's VNI.
            let tunnelled = wire.filter { $0.contains("vni 5000 | ") }
            #expect(tunnelled.contains { $0.contains("| IP 10.11.0.1 > 10.11.0.2: ICMP echo request") }, "\(wire)")
            #expect(tunnelled.contains { $0.contains("| IP 10.11.0.4 > 10.11.0.3: ICMP echo request") }, "\(wire)")
            let after = try await OverlayNodes.counters(nodes.a, bridge: "br-int", port: "vx-boxB")
            #expect(after.tx >= before.tx + 6 && after.rx >= before.rx + 6, "vx-boxB \(before) → \(after)")
        }
    }

    @Test("distributed-dnat.yaml: a client reaches the other node's VIP:80 and gets that node's plugin on 8080")
    func distributedDNAT() async throws {
        let hosts = [
            HostSpec(node: 0, port: "client-a", address: "10.60.0.1/24"),
            HostSpec(node: 0, port: "web-a", address: "10.60.0.11/24", mac: "02:00:00:60:00:11"),
            HostSpec(node: 1, port: "client-b", address: "10.60.0.2/24"),
            HostSpec(node: 1, port: "web-b", address: "10.60.0.12/24", mac: "02:00:00:60:00:12"),
        ]
        try await withOverlay("distributed-dnat", hosts: hosts, flowManaged: ["boxA/br-int", "boxB/br-int"]) {
            nodes, hosts in
            let (clientA, webA, clientB, webB) = (hosts[0], hosts[1], hosts[2], hosts[3])
            var answer: String?
            // Watched on A's end of the underlay: what crosses between the nodes.
            let wire = try await OverlayNodes.captureUnderlay(nodes.a, wire: OverlayNodes.wires.0, seconds: 9) {
                for _ in 0..<3 where answer == nil {
                    answer = try await tcpAnswer(from: clientA, to: "10.60.0.200", port: 80, server: webB, listen: 8080)
                }
            }
            #expect(answer == "hello from the plugin\n", "A's client through B's VIP")
            // Only B translates: the request crosses to the VIP, the reply crosses from it; the
            // plugin's own address and port never appear between the nodes.
            let tunnelled = wire.filter { $0.contains("vni 5001 | ") }
            #expect(
                tunnelled.contains { $0.contains("| IP 10.60.0.1.") && $0.contains("> 10.60.0.200.80:") }, "\(wire)")
            #expect(tunnelled.contains { $0.contains("| IP 10.60.0.200.80 > 10.60.0.1.") }, "\(wire)")
            #expect(!wire.contains { $0.contains("10.60.0.12.8080") }, "\(wire)")

            // The other way round: B's client, A's VIP and plugin.
            answer = nil
            for _ in 0..<3 where answer == nil {
                answer = try await tcpAnswer(from: clientB, to: "10.60.0.100", port: 80, server: webA, listen: 8080)
            }
            #expect(answer == "hello from the plugin\n", "B's client through A's VIP")
        }
    }

    /// Starts the two nodes with their underlay, creates the hosts, applies `Topologies/NAME.yaml`
    /// (endpoints pointed at the sandboxes), runs `body`, and checks that the hand-made underlay
    /// bridge was left alone and that planning again changes nothing.
    func withOverlay(
        _ name: String, hosts specs: [HostSpec], flowManaged: [String] = [],
        _ body: (OverlayNodes, [TrafficHost]) async throws -> Void
    ) async throws {
        let (text, file) = try topologyFile(name)
        try await OverlayNodes.with { nodes in
            let sandboxes = [nodes.a, nodes.b]
            let hosts = try await TrafficHost.createAll(
                specs.map { (sandboxes[$0.node], TrafficHostSpec(port: $0.port, address: $0.address, mac: $0.mac)) })
            do {
                let underlay = ["list-ports", OverlayNodes.underlayBridge]
                let underlayBefore = [try await nodes.a.vsctl(underlay), try await nodes.b.vsctl(underlay)]
                let topology = try TopologyLoader.load(text, file: file, options: .init(endpoints: nodes.endpoints))
                    .get()
                let orchestrator = try await Orchestrator.connect(topology)
                do {
                    let report = try await orchestrator.apply(try await orchestrator.plan())
                    #expect(report.interfaceErrors.isEmpty, "\(report.interfaceErrors)")
                    #expect(report.changedBridges == flowManaged)
                    try await body(nodes, hosts)
                    let again = try await orchestrator.plan()
                    #expect(!again.hasChanges, "\(PlanRenderer.text(again))")
                } catch {
                    await orchestrator.close()
                    throw error
                }
                await orchestrator.close()
                // The underlay bridges are not the file's: same ports, no owner marker.
                #expect([try await nodes.a.vsctl(underlay), try await nodes.b.vsctl(underlay)] == underlayBefore)
                for sandbox in sandboxes {
                    #expect(
                        try await sandbox.vsctl(["get", "bridge", OverlayNodes.underlayBridge, "external_ids"])
                            == "{}\n")
                }
            } catch {
                await TrafficHost.removeAll(hosts)
                throw error
            }
            await TrafficHost.removeAll(hosts)
        }
    }
}
