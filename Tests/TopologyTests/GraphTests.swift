import Foundation
import Testing

@testable import Topology

@Suite("Topology graph")
struct GraphTests {
    @Test("lab11 as dot: a cluster per node, ports with VLANs, tunnels between nodes")
    func lab11() throws {
        let text = try String(
            contentsOf: topologiesDirectory.appendingPathComponent("lab11-vxlan-overlay.yaml"), encoding: .utf8)
        let dot = TopologyGraph.dot(try TopologyLoader.load(text).get())
        #expect(dot.hasPrefix("digraph \"lab11\" {"))
        #expect(dot.contains("subgraph \"cluster_boxA\""))
        #expect(dot.contains("\"boxA/vx-boxB\" -> \"cluster_boxB\" [style=dashed, label=\"vxlan 5000\"];"))
        #expect(dot.contains("\"boxA/br-int\" -> \"boxA/c1-a\" [arrowhead=none];"))
    }

    @Test("patch cables are drawn once")
    func patch() throws {
        let dot = TopologyGraph.dot(
            try loaded(
                single(
                    "  br0:\n    ports:\n      a: {type: patch, peer: b}\n  br1:\n    ports:\n      b: {type: patch, peer: a}\n"
                )))
        #expect(dot.components(separatedBy: "label=\"patch\"]").count == 2)
    }
}
