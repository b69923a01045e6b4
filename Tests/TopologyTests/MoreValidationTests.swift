import Testing

@testable import Topology

/// The remaining validation errors, one case each: the file and the message it must produce.
@Suite("Topology validation, every other error")
struct MoreValidationTests {
    static let port = "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    ports:\n"

    static let cases: [(String, String)] = [
        (port + "      p: {trunks: [10], vlan_mode: native-tagged}\n", "vlan_mode native-tagged needs `native_vlan`"),
        (port + "      p: {trunks: [10], vlan_mode: access}\n", "unknown vlan_mode `access`"),
        (port + "      p: {ofport_request: 0}\n", "ofport_request 0 is outside 1–65279"),
        (port + "      v: {type: vxlan, remote_ip: 10.0.0.1, dst_port: 70000}\n", "dst_port 70000 is outside 1–65535"),
        (port + "      v: {type: vxlan, remote_ip: 10.0.0.1, ttl: 0}\n", "ttl 0 is outside 1–255"),
        (port + "      v: {type: vxlan, remote_ip: 10.0.0.1, tos: high}\n", "tos must be a whole number, got `high`"),
        (
            port + "      v: {type: vxlan, remote_ip: 10.0.0.1, key: 1, vni: 1}\n",
            "`vni` and `key` are the same setting"
        ),
        (
            port + "      v: {type: gre, remote_ip: 10.0.0.1, key: 4294967296}\n",
            "GRE key 4294967296 is outside 0–4294967295"
        ),
        (port + "      v: {type: vxlan, remote_ip: 10.0.0.1, local_ip: nope}\n", "`nope` is not an IP address"),
        (port + "      p: {vlan: ten}\n", "VLAN must be a whole number, got `ten`"),
        (port + "      p: [1, 2]\n", "expected a mapping for port p, found a sequence"),
        (port + "      \"bad name\": {}\n", "port name `bad name` may hold only letters, digits, `-`, `_` and `.`"),
        ("name: t\novsdb: unix:/x\nbridges:\n  br0:\n    datapath_type: kernel\n", "unknown datapath type `kernel`"),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    protocols: [OpenFlow16]\n",
            "unknown OpenFlow version `OpenFlow16`"
        ),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    controllers: [http://c]\n",
            "`http://c` is not a controller target"
        ),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    ports: {p: {}}\n    mirrors:\n      m: {select_all: true, output_port: p, output_vlan: 5}\n",
            "mirror m has both `output_port` and `output_vlan`"
        ),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    mirrors:\n      m: {output_vlan: 5}\n",
            "mirror m selects nothing"
        ),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    plugins:\n      fw: {ip: 10.0.0.1}\n",
            "plugin fw has no `port`"
        ),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    ports: {p: {}}\n    plugins:\n      fw: {port: p, mac: zz}\n",
            "`zz` is not a MAC address"
        ),
        ("name: t\novsdb: ssl:10.0.0.1:6640\nbridges: {}\n", "an ssl: endpoint needs `tls:`"),
        ("name: t\novsdb: unix:/x\ntls: {private_key: k}\nbridges: {}\n", "`tls` needs `certificate`"),
        ("name: t\novsdb: unix:/x\nunderlay_ip: 300.1.1.1\nbridges: {}\n", "`300.1.1.1` is not an IP address"),
        (
            "name: \"a b\"\novsdb: unix:/x\nbridges: {}\n",
            "topology name `a b` may hold only letters, digits, `-`, `_` and `.`"
        ),
        ("name: t\n", "the topology has no `nodes`"),
        ("name: t\nnodes: {}\n", "`nodes` is empty"),
        ("name: t\nnodes:\n  a: {ovsdb: unix:/x, bogus: 1}\n", "unknown key `bogus`"),
        (
            "name: t\nvariables: {a: \"${b}\", b: \"${a}\"}\novsdb: \"${a}\"\nbridges: {}\n",
            "variables refer to each other in a cycle: a → b → a"
        ),
        ("name: t\novsdb: \"${oops\"\nbridges: {}\n", "unterminated reference in `${oops`"),
        ("name: t\nnodes:\n  a: {ovsdb: \"unix:/${node.a.nothing}\"}\n", "node `a` has no `nothing`"),
        (
            "name: t\nnodes:\n  a: {underlay_ip: 10.0.0.1, bridges: {br: {}}}\n  b: {bridges: {br: {}}}\noverlays:\n  ov: {vni: 1, bridge: br, nodes: [a, b]}\n",
            "node b has no `underlay_ip` for overlay ov"
        ),
        (
            "name: t\nnodes:\n  a: {underlay_ip: 10.0.0.1, bridges: {br: {}}}\noverlays:\n  ov: {vni: 1, bridge: br, nodes: [a]}\n",
            "overlay ov needs at least two nodes"
        ),
        (
            "name: t\nnodes:\n  a: {underlay_ip: 10.0.0.1, bridges: {br: {}}}\n  b: {underlay_ip: 10.0.0.2, bridges: {br: {}}}\noverlays:\n  ov: {vni: 1, bridge: br, nodes: [a, c]}\n",
            "overlay ov names an unknown node `c`"
        ),
        (
            "name: t\nnodes:\n  a: {bridges: {br: {}}}\noverlays:\n  ov: {type: stt, vni: 1, bridge: br, nodes: [a, a]}\n",
            "unknown tunnel type `stt`"
        ),
        (
            "name: t\nnodes:\n  a: {bridges: {br: {}}}\noverlays:\n  ov: {bridge: br, nodes: [a, a]}\n",
            "overlay ov has no `vni`"
        ),
        (
            "name: t\nnodes:\n  a: {bridges: {br: {}}}\noverlays:\n  ov: {vni: 1, nodes: [a, a]}\n",
            "overlay ov has no `bridge`"
        ),
        ("- just\n- a list\n", "expected a mapping for the topology, found a sequence"),
        ("", "the file is empty"),
        ("name: t\novsdb: unix:/x\nbridges:\n  br0:\n    stp_enable: yes\n", "unknown key `stp_enable`"),
        (
            "name: t\novsdb: unix:/x\nbridges:\n  br0:\n    mirrors:\n      m: {select_all: maybe, output_vlan: 5}\n",
            "expected true or false, got `maybe`"
        ),
    ]

    @Test("each error is reported with its message", arguments: cases.indices)
    func error(_ index: Int) {
        let (yaml, message) = Self.cases[index]
        let found = diagnostics(yaml)
        #expect(found.map(\.message).contains(message), "\(found.map(\.description))")
        #expect(found.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
    }
}
