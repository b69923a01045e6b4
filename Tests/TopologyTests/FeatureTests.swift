import Testing

@testable import Topology

@Suite("Topology features")
struct FeatureTests {
    @Test("port kinds: access, trunk, internal, patch, tunnels, system")
    func kinds() throws {
        let topology = try loaded(
            single(
                """
                  br0:
                    ports:
                      a: {vlan: 100}
                      t: {trunks: [100, 200], native_vlan: 5, vlan_mode: native-tagged}
                      i: {type: internal, vlan: 7, mac: "02:00:00:00:00:01"}
                      p: {type: patch, peer: q}
                      v: {type: geneve, remote_ip: flow, key: flow}
                      g: {type: gre, remote_ip: "2001:db8::1", key: 4000000000, tos: inherit}
                      s: {}
                      d: {type: dummy, ofport_request: 3}
                  br1:
                    ports:
                      q: {type: patch, peer: p}
                """))
        let br0 = try #require(topology.nodes.first?.bridge(named: "br0"))
        #expect(br0.port(named: "a")?.kind == .access(vlan: 100))
        #expect(br0.port(named: "t")?.kind == .trunk(.init(vlans: [100, 200], nativeVLAN: 5, mode: "native-tagged")))
        #expect(br0.port(named: "i")?.kind == .internal(vlan: 7, mac: "02:00:00:00:00:01"))
        #expect(br0.port(named: "p")?.kind == .patch(peer: "q"))
        #expect(br0.port(named: "v")?.kind == .tunnel(Tunnel(kind: .geneve, remoteIP: "flow", key: "flow")))
        #expect(
            br0.port(named: "g")?.kind
                == .tunnel(Tunnel(kind: .gre, remoteIP: "2001:db8::1", key: "4000000000", tos: "inherit")))
        #expect(br0.port(named: "s")?.kind == .system())
        #expect(br0.port(named: "d")?.kind == .system(interfaceType: "dummy"))
        #expect(br0.port(named: "d")?.ofportRequest == 3)
    }

    @Test("overlay expands to a full mesh of tunnel ports")
    func overlay() throws {
        let topology = try loaded(
            """
            name: mesh
            nodes:
              a: {ovsdb: "unix:/a", underlay_ip: 10.0.0.1, bridges: {br: {}}}
              b: {ovsdb: "unix:/b", underlay_ip: 10.0.0.2, bridges: {br: {}}}
              c: {ovsdb: "unix:/c", underlay_ip: 10.0.0.3, bridges: {br: {}}}
            overlays:
              ov: {vni: 5000, bridge: br, nodes: [a, b, c], dst_port: 4789}
            """)
        let a = try #require(topology.node(named: "a")?.bridge(named: "br"))
        #expect(a.ports.map(\.name) == ["ov-b", "ov-c"])
        #expect(
            a.port(named: "ov-c")?.kind
                == .tunnel(Tunnel(kind: .vxlan, remoteIP: "10.0.0.3", key: "5000", destinationPort: 4789)))
        #expect(a.port(named: "ov-c")?.overlay == "ov")
    }

    @Test("variables: top level, node, environment, --var override")
    func variables() throws {
        let yaml = """
            name: v
            variables: {vlan: "10", both: "${vlan}0"}
            nodes:
              a:
                ovsdb: ${env.A_DB}
                variables: {uplink: eth9}
                bridges:
                  br:
                    ports:
                      p: {vlan: "${both}"}
                      q: {external_ids: {uplink: "${node.a.uplink}"}}
            """
        let topology = try loaded(yaml, options: .init(environment: ["A_DB": "unix:/x"], variables: ["vlan": "20"]))
        let node = try #require(topology.nodes.first)
        #expect(node.endpoint.target == "unix:/x")
        #expect(node.bridge(named: "br")?.port(named: "p")?.kind == .access(vlan: 200))
        #expect(node.bridge(named: "br")?.port(named: "q")?.externalIDs == ["uplink": "eth9"])
    }

    @Test(
        "the writer's output loads back to the same topology: plugins, policies, VLANs",
        arguments: ExampleTests.examples)
    func roundTrip(_ name: String) throws {
        let text = try String(
            contentsOf: topologiesDirectory.appendingPathComponent("\(name).yaml"), encoding: .utf8)
        let original = try TopologyLoader.load(text).get()
        let written = TopologyWriter.yaml(original)
        let again = try TopologyLoader.load(written).get()
        #expect(again.name == original.name)
        #expect(again.nodes.map(\.name) == original.nodes.map(\.name))
        for (before, after) in zip(original.nodes, again.nodes) {
            #expect(after.endpoint == before.endpoint)
            #expect(after.underlayIP == before.underlayIP)
            #expect(after.bridges.map(unlocated) == before.bridges.map(unlocated), "\(written)")
        }
        // VLAN lists as YAML numbers, the way people write them.
        #expect(!written.contains("trunks: [\""), "\(written)")
        #expect(!written.contains("select_vlans: [\""), "\(written)")
    }

    @Test("the writer writes trunks as numbers, an empty policy list as [], plugins and rules")
    func writtenForms() throws {
        let topology = try loaded(
            single(
                """
                  br0:
                    ports:
                      up: {trunks: [10, 20]}
                      fw0: {}
                    plugins:
                      fw: {port: fw0, ip: 10.0.0.2/24, mac: "02:00:00:00:00:0a"}
                    policies:
                      - copy: {in_port: up, proto: udp, dport: 53, to: fw, direction: bidirectional}
                  br1:
                    policies: []

                """))
        let written = TopologyWriter.yaml(topology)
        #expect(written.contains("          up:\n            trunks: [10, 20]\n"), "\(written)")
        #expect(
            written.contains(
                "        plugins:\n          fw:\n            port: fw0\n            ip: \"10.0.0.2/24\"\n"
                    + "            mac: \"02:00:00:00:00:0a\"\n"), "\(written)")
        #expect(
            written.contains(
                "        policies:\n          - PREROUTING -i up -p udp --dport 53 -j COPY --to fw --bidirectional\n"),
            "\(written)")
        #expect(written.contains("        policies: []\n"), "\(written)")
    }

    /// A bridge as the file means it: without where things were written, and without which
    /// overlay made a tunnel port (the writer writes the expanded ports).
    func unlocated(_ bridge: Bridge) -> Bridge {
        Bridge(
            name: bridge.name, datapathType: bridge.datapathType, failMode: bridge.failMode,
            protocols: bridge.protocols, controllers: bridge.controllers, datapathID: bridge.datapathID,
            otherConfig: bridge.otherConfig, externalIDs: bridge.externalIDs,
            ports: bridge.ports.map {
                Port(name: $0.name, kind: $0.kind, ofportRequest: $0.ofportRequest, externalIDs: $0.externalIDs)
            },
            mirrors: bridge.mirrors.map {
                Mirror(
                    name: $0.name, selectAll: $0.selectAll, selectSourcePorts: $0.selectSourcePorts,
                    selectDestinationPorts: $0.selectDestinationPorts, selectVLANs: $0.selectVLANs, output: $0.output)
            },
            plugins: bridge.plugins.map { Plugin(name: $0.name, port: $0.port, ip: $0.ip, mac: $0.mac) },
            policies: bridge.policies?.map {
                var rule = $0
                rule.location = SourceLocation(file: "", line: 0, column: 0)
                return rule
            })
    }
}
