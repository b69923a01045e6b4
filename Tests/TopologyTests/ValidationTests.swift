import Testing

@testable import Topology

/// Every validation error: its message, its location and YAML path, and its hint.
@Suite("Topology validation")
struct ValidationTests {
    /// The single diagnostic the YAML produces.
    func only(_ yaml: String, options: TopologyLoader.Options = .init()) throws -> Diagnostic {
        let found = diagnostics(yaml, options: options)
        #expect(found.count == 1, "expected one diagnostic, got \(found.map(\.description))")
        return try #require(found.first)
    }

    @Test("unknown key with did-you-mean")
    func unknownKey() throws {
        let d = try only(single("  br0:\n    fail_mod: secure\n"))
        #expect(d.message == "unknown key `fail_mod`")
        #expect(d.hint == "did you mean `fail_mode`?")
        #expect(d.path == "bridges.br0.fail_mod")
        #expect((d.location.line, d.location.column) == (5, 5))
        #expect(d.description.hasPrefix("t.yaml:5:5: error: unknown key `fail_mod` (at bridges.br0.fail_mod)"))
    }

    @Test("a key that belongs to another port type")
    func misplacedKey() throws {
        let d = try only(single("  br0:\n    ports:\n      v: {type: vxlan, remote_ip: 10.0.0.1, peer: x}\n"))
        #expect(d.message == "`peer` does not apply to a port of type vxlan")
    }

    @Test("VLAN outside 1–4094", arguments: ["0", "4095", "5000"])
    func vlanRange(_ vlan: String) throws {
        let d = try only(single("  br0:\n    ports:\n      p: {vlan: \(vlan)}\n"))
        #expect(d.message == "VLAN \(vlan) is outside 1–4094")
        #expect(d.path == "bridges.br0.ports.p.vlan")
        #expect(d.location.line == 6)
    }

    @Test("trunk VLANs are checked one by one")
    func trunkRange() throws {
        let d = try only(single("  br0:\n    ports:\n      p: {trunks: [10, 4096]}\n"))
        #expect(d.path == "bridges.br0.ports.p.trunks[1]")
    }

    @Test("VNI outside 1–16777215")
    func vniRange() throws {
        let d = try only(single("  br0:\n    ports:\n      v: {type: vxlan, remote_ip: 10.0.0.1, vni: 16777216}\n"))
        #expect(d.message == "VNI 16777216 is outside 1–16777215")
        #expect(d.hint == "a VNI runs from 1 to 16777215 (24 bits)")
    }

    @Test("bad IP address")
    func badIP() throws {
        let d = try only(single("  br0:\n    ports:\n      v: {type: vxlan, remote_ip: 10.0.0.300}\n"))
        #expect(d.message == "`10.0.0.300` is not an IP address")
    }

    @Test("bad CIDR")
    func badCIDR() throws {
        let d = try only(
            single("  br0:\n    ports:\n      p: {}\n    plugins:\n      fw: {port: p, ip: 10.0.0.2/33}\n"))
        #expect(d.message == "`10.0.0.2/33` is not an IP address or CIDR")
    }

    @Test("duplicate port names across bridges")
    func duplicatePorts() throws {
        let d = try only(single("  br0:\n    ports:\n      p: {}\n  br1:\n    ports:\n      p: {}\n"))
        #expect(d.message == "duplicate port name p (also on bridge br0)")
        #expect(d.path == "bridges.br1.ports.p")
    }

    @Test("duplicate keys in one mapping")
    func duplicateKeys() throws {
        let d = try only(single("  br0:\n    ports:\n      p: {}\n      p: {}\n"))
        #expect(d.message.hasPrefix("duplicate key p"))
    }

    @Test("trunk and access on one port")
    func trunkAndAccess() throws {
        let d = try only(single("  br0:\n    ports:\n      p: {vlan: 10, trunks: [10, 20]}\n"))
        #expect(d.message == "a port is either access (`vlan`) or trunk (`trunks`), not both")
        #expect(d.hint == "for untagged traffic on a trunk, use `native_vlan` instead of `vlan`")
    }

    @Test("patch without its peer")
    func patchWithoutPeer() throws {
        let d = try only(single("  br0:\n    ports:\n      p: {type: patch, peer: q}\n"))
        #expect(d.message == "patch port p names peer `q`, which is not a port of this node")
        let missing = try only(single("  br0:\n    ports:\n      p: {type: patch}\n"))
        #expect(missing.message == "patch port p has no `peer`")
        let oneWay = diagnostics(single("  br0:\n    ports:\n      p: {type: patch, peer: q}\n      q: {}\n"))
        #expect(oneWay.map(\.message) == ["patch port p's peer q does not point back"])
    }

    @Test("reference to an unknown node")
    func unknownNode() throws {
        let d = try only(
            """
            name: x
            nodes:
              boxA: {underlay_ip: 10.0.0.1, bridges: {br: {ports: {v: {type: vxlan, remote_ip: "${node.boxa.underlay_ip}"}}}}}
            """)
        #expect(d.message == "`${node.boxa.underlay_ip}` refers to an unknown node `boxa`")
        #expect(d.hint == "did you mean `boxA`?")
    }

    @Test("reference to an unknown bridge (overlay)")
    func unknownBridge() throws {
        let found = diagnostics(
            """
            name: x
            nodes:
              a: {underlay_ip: 10.0.0.1, bridges: {br-int: {}}}
              b: {underlay_ip: 10.0.0.2, bridges: {br-int: {}}}
            overlays:
              ov: {vni: 10, bridge: br-in, nodes: [a, b]}
            """)
        #expect(found.map(\.message) == ["node a has no bridge `br-in`", "node b has no bridge `br-in`"])
        #expect(found.first?.hint == "did you mean `br-int`?")
        #expect(found.first?.path == "overlays.ov.bridge")
    }

    @Test("reference to an unknown port (mirror, plugin)")
    func unknownPort() throws {
        let found = diagnostics(
            single(
                "  br0:\n    ports:\n      web1: {}\n    mirrors:\n      m: {select_src_ports: [web2], output_vlan: 9}\n"
                    + "    plugins:\n      fw: {port: web3}\n"))
        #expect(
            found.map(\.message) == [
                "mirror m refers to an unknown port `web2` on bridge br0",
                "plugin fw refers to an unknown port `web3` on bridge br0",
            ])
        #expect(found.first?.hint == "did you mean `web1`?")
    }

    @Test("two tunnels to the same remote with the same key")
    func duplicateTunnels() throws {
        let d = try only(
            single(
                "  br0:\n    ports:\n      v1: {type: vxlan, remote_ip: 10.0.0.1, key: 5}\n"
                    + "      v2: {type: vxlan, remote_ip: 10.0.0.1, key: 5}\n"))
        #expect(d.message == "tunnel v2 goes to the same remote 10.0.0.1 with the same key as v1")
    }

    @Test("unknown variable, unset environment variable")
    func variables() throws {
        let d = try only(
            "name: x\nvariables: {vlan: \"5\"}\novsdb: unix:/x\nbridges:\n  br0:\n    ports:\n      p: {vlan: \"${vlna}\"}\n"
        )
        #expect(d.message == "unknown variable `vlna`")
        #expect(d.hint == "did you mean `vlan`?")
        let env = try only(single("  br0:\n    external_ids: {a: \"${env.NOPE}\"}\n"))
        #expect(env.message == "environment variable NOPE is not set")
    }

    @Test("--var of a name the file does not declare: an error at --var, naming what the file has")
    func undeclaredOverride() throws {
        let file = "name: x\nvariables: {datapath: netdev, vlan: \"5\"}\novsdb: unix:/x\nbridges: {}\n"
        let typo = try only(file, options: .init(variables: ["datapth": "dummy", "vlan": "6"]))
        #expect(typo.description.hasPrefix("--var:1:1: error: the file has no top-level variable `datapth`"))
        #expect(typo.path == "--var datapth")
        #expect(typo.hint == "did you mean `datapath`?")
        let unrelated = try only(file, options: .init(variables: ["colour": "red"]))
        #expect(unrelated.hint == "expected one of: datapath, vlan")
        let none = try only(single("  br0: {}\n"), options: .init(variables: ["datapath": "dummy"]))
        #expect(none.message == "the file has no top-level variable `datapath`")
        #expect(none.hint?.contains("it has none") == true)
        #expect(try loaded(file, options: .init(variables: ["vlan": "6"])).nodes.count == 1)
    }

    @Test("other values: fail mode, datapath id, MAC, endpoint, port type, mirror output, missing name")
    func otherValues() throws {
        #expect(try only(single("  br0:\n    fail_mode: secur\n")).hint == "did you mean `secure`?")
        #expect(
            try only(single("  br0:\n    datapath_id: 12\n")).message
                == "datapath_id must be exactly 16 hex digits, got `12`")
        #expect(
            try only(single("  br0:\n    ports:\n      i: {type: internal, mac: \"02:00\"}\n")).message
                == "`02:00` is not a MAC address")
        #expect(try only("name: x\novsdb: http://x\nbridges: {}\n").message == "`http://x` is not an OVSDB endpoint")
        #expect(try only(single("  br0:\n    ports:\n      v: {type: vxlam}\n")).hint == "did you mean `vxlan`?")
        #expect(
            try only(single("  br0:\n    ports:\n      p: {}\n    mirrors:\n      m: {select_all: true}\n")).message
                == "mirror m has no output")
        #expect(try only("ovsdb: unix:/x\nbridges: {}\n").message == "the topology has no `name`")
        #expect(
            try only(single("  br0:\n    ports:\n      v: {type: vxlan}\n")).message
                == "a vxlan tunnel needs `remote_ip`")
        #expect(
            try only(single("  br0:\n    ports:\n      br1: {}\n  br1: {}\n")).message
                == "port br1 has the name of a bridge")
    }

    @Test("YAML syntax errors carry their position")
    func syntax() throws {
        let d = try only("name: x\nbridges:\n  br0: [unclosed\n")
        #expect(d.message.hasPrefix("YAML syntax:"))
        #expect(d.location.line >= 3)
    }

    @Test("--endpoint naming an unknown node")
    func endpointOverride() throws {
        let d = try only(single("  br0: {}\n"), options: .init(endpoints: ["locl": "unix:/y"]))
        #expect(d.message == "no node named `locl`")
        #expect(d.hint == "did you mean `local`?")
    }

    @Test("all problems are reported at once, in file order")
    func collected() throws {
        let found = diagnostics(
            single(
                "  br0:\n    fail_mod: secure\n    ports:\n      a: {vlan: 0}\n      b: {type: vxlan, remote_ip: x}\n"))
        #expect(found.count == 3)
        #expect(found.map(\.location.line) == found.map(\.location.line).sorted())
    }
}
