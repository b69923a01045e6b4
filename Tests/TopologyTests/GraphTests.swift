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

    @Test("plugins sit at their port; rules that steer to a plugin are one edge per action; labels break lines")
    func plugins() throws {
        let text = try String(
            contentsOf: topologiesDirectory.appendingPathComponent("plugin-edge.yaml"), encoding: .utf8)
        let dot = TopologyGraph.dot(try TopologyLoader.load(text).get())
        #expect(
            dot.contains(
                "\"local/br-edge\" [shape=box, style=bold, label=\"br-edge\\n3 rules: 1 DROP, 1 DNAT, 1 COPY\"];"))
        #expect(dot.contains("\"local/uplink\" [shape=ellipse, label=\"uplink\\ntrunk 10,20\"];"))
        #expect(
            dot.contains(
                "\"local/br-edge/plugin:firewall\" [shape=component, style=filled, fillcolor=lightyellow, "
                    + "label=\"plugin firewall\\n10.0.10.2/24\\n02:00:00:00:0f:01\"];"))
        #expect(dot.contains("\"local/fw0\" -> \"local/br-edge/plugin:firewall\" [arrowhead=none, style=dotted];"))
        #expect(
            dot.contains(
                "\"local/br-edge\" -> \"local/br-edge/plugin:firewall\" [color=darkorange, fontcolor=darkorange, label=\"DNAT\"];"
            ))
        #expect(dot.contains("\"local/br-edge\" -> \"local/br-edge/plugin:balancer\" [color=darkorange"))
        // No label holds a backslash that is not an escape Graphviz knows.
        #expect(!dot.contains("\\\\"))
    }

    @Test("a rule naming a plugin by address is drawn to that plugin; several rules are counted")
    func byAddress() throws {
        let dot = TopologyGraph.dot(
            try loaded(
                single(
                    """
                      br0:
                        ports: {up: {}, ips0: {}}
                        plugins:
                          ips: {port: ips0, ip: 10.0.0.4/24, mac: "02:00:00:00:00:04"}
                        policies:
                          - FORWARD -i up -p tcp --dport 80 -j THROUGH --to 10.0.0.4
                          - FORWARD -i up -p tcp --dport 443 -j THROUGH --to ips

                    """)))
        #expect(
            dot.contains(
                "\"local/br0\" -> \"local/br0/plugin:ips\" [color=darkorange, fontcolor=darkorange, label=\"THROUGH ×2\"];"
            ))
    }

    @Test("quotes, backslashes and line breaks in values are escaped")
    func escaping() throws {
        let dot = TopologyGraph.dot(
            try loaded("name: t\novsdb: \"unix:/tmp/a\\\"b\\\\c\\nd.sock\"\nbridges: {}\n"))
        #expect(dot.contains("label=\"local (unix:/tmp/a\\\"b\\\\c\\nd.sock)\";"), "\(dot)")
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
