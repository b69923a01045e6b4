import Foundation
import Testing

@testable import Topology

@Suite("Topologies/ examples load")
struct ExampleTests {
    /// Every `.yaml` in Topologies/, so a new example cannot go unchecked.
    static let examples: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: topologiesDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test("the examples are found")
    func found() {
        #expect(Self.examples.count >= 6 && Self.examples.contains("plugin-dnat"), "\(Self.examples)")
    }

    @Test("every example validates", arguments: examples)
    func example(_ name: String) throws {
        let url = topologiesDirectory.appendingPathComponent("\(name).yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let topology = try TopologyLoader.load(text, file: url.path).get()
        #expect(!topology.nodes.isEmpty)
    }

    @Test("lab11: variables and node references resolve")
    func lab11() throws {
        let text = try String(
            contentsOf: topologiesDirectory.appendingPathComponent("lab11-vxlan-overlay.yaml"), encoding: .utf8)
        let topology = try TopologyLoader.load(text, options: .init(variables: ["datapath": "dummy"])).get()
        let boxA = try #require(topology.node(named: "boxA"))
        let bridge = try #require(boxA.bridge(named: "br-int"))
        #expect(bridge.datapathType == "dummy")
        let tunnel = try #require(bridge.port(named: "vx-boxB"))
        #expect(
            tunnel.kind
                == .tunnel(
                    Tunnel(kind: .vxlan, remoteIP: "192.168.50.5", key: "5000", destinationPort: 4789, ttl: 5)))
        #expect(bridge.protocols == ["OpenFlow14"])
    }

    @Test("plugin-edge: single-node form, plugins parsed, endpoint overridable")
    func pluginEdge() throws {
        let text = try String(
            contentsOf: topologiesDirectory.appendingPathComponent("plugin-edge.yaml"), encoding: .utf8)
        let topology = try TopologyLoader.load(text, options: .init(endpoints: ["local": "unix:/tmp/x.sock"])).get()
        let node = try #require(topology.nodes.first)
        #expect(node.name == "local")
        #expect(node.endpoint.target == "unix:/tmp/x.sock")
        let bridge = try #require(node.bridges.first)
        #expect(bridge.plugins.map(\.name) == ["firewall", "balancer"])
        #expect(bridge.plugins.first?.ip == "10.0.10.2/24")
        #expect(bridge.port(named: "uplink")?.kind == .trunk(Port.Trunk(vlans: [10, 20], nativeVLAN: 10)))
    }
}
