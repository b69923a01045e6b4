import Foundation
import OVSDB
import OVSDBClient
import OVSSandbox
import TestSupport
import Testing

/// Every typed operation, then `ovs-vsctl` as the oracle.
@Suite("Typed Open_vSwitch operations", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct VSwitchIntegrationTests {
    func vswitch(_ sandbox: Sandbox) async throws -> VSwitch {
        try await VSwitch.connect(to: .unix(path: sandbox.dbSocket))
    }

    /// Our `show` equals `ovs-vsctl show` (retried briefly: ovs-vswitchd updates status columns).
    func expectShowMatches(_ sandbox: Sandbox, _ vswitch: VSwitch) async throws {
        var ours = ""
        var theirs = ""
        for _ in 0..<100 {
            theirs = try await sandbox.vsctl(["show"])
            try await Task.sleep(for: .milliseconds(50))
            ours = try await vswitch.show()
            if ours == theirs { break }
        }
        #expect(ours == theirs, "db show differs from ovs-vsctl show:\n--- ours\n\(ours)--- ovs-vsctl\n\(theirs)")
    }

    @Test("add-br with datapath_type, fail_mode, protocols, controllers, datapath-id; del-br removes everything")
    func bridges() async throws {
        try await withSandbox { sandbox in
            let vswitch = try await vswitch(sandbox)
            try await vswitch.addBridge(
                "br0",
                options: BridgeOptions(
                    datapathType: "dummy", failMode: "secure", protocols: ["OpenFlow14"],
                    controllers: ["tcp:127.0.0.1:6653", "unix:/nonexistent"], datapathID: "0000000000000abc",
                    externalIDs: ["switchboard-owner": "test"]))
            #expect(try await sandbox.lines(["list-br"]) == ["br0"])
            #expect(try await sandbox.vsctl(["get", "bridge", "br0", "datapath_type"]) == "dummy\n")
            #expect(try await sandbox.vsctl(["get", "bridge", "br0", "fail_mode"]) == "secure\n")
            #expect(try await sandbox.vsctl(["get", "bridge", "br0", "protocols"]) == "[OpenFlow14]\n")
            #expect(try await sandbox.vsctl(["get-controller", "br0"]) == "tcp:127.0.0.1:6653\nunix:/nonexistent\n")
            #expect(
                try await sandbox.vsctl(["get", "bridge", "br0", "other_config:datapath-id"])
                    == "\"0000000000000abc\"\n")
            #expect(try await sandbox.vsctl(["get", "interface", "br0", "type"]) == "internal\n")
            #expect(try await sandbox.lines(["br-get-external-id", "br0"]) == ["switchboard-owner=test"])
            try await expectShowMatches(sandbox, vswitch)

            await #expect(throws: OVSDBClientError.refused(VSwitchError.bridgeExists("br0").description)) {
                try await vswitch.addBridge("br0")
            }
            try await vswitch.deleteBridge("br0")
            #expect(try await sandbox.vsctl(["list-br"]) == "")
            // Garbage collection took the port, interface and controllers with the bridge.
            for table in ["port", "interface", "controller"] {
                #expect(try await sandbox.vsctl(["--columns=_uuid", "list", table]) == "", "\(table) rows left")
            }
            await vswitch.close()
        }
    }

    @Test("ports: access, trunk (native VLAN), internal, patch pair, VXLAN, GRE, Geneve; del-port")
    func ports() async throws {
        try await withSandbox { sandbox in
            let vswitch = try await vswitch(sandbox)
            try await vswitch.addBridge("br0", options: BridgeOptions(datapathType: "dummy"))
            try await vswitch.addBridge("br1", options: BridgeOptions(datapathType: "dummy"))
            try await vswitch.addPort("access1", to: "br0", kind: .access(vlan: 10), interfaceType: "dummy")
            try await vswitch.addPort("trunk1", to: "br0", kind: .trunk(vlans: [10, 20, 30]), interfaceType: "dummy")
            try await vswitch.addPort(
                "trunk2", to: "br0", kind: .trunk(vlans: [10, 20], native: .init(vlan: 5)), interfaceType: "dummy")
            try await vswitch.addPort("mgmt0", to: "br0", kind: .internal(vlan: 99))
            try await vswitch.addPatch((bridge: "br0", port: "patch-br1"), (bridge: "br1", port: "patch-br0"))
            try await vswitch.addPort(
                "vx1", to: "br0",
                kind: .vxlan(
                    .init(
                        remoteIP: "192.0.2.10", key: "5000", destinationPort: 4790, localIP: "192.0.2.1",
                        tos: "inherit", ttl: "64")))
            try await vswitch.addPort("vxflow", to: "br0", kind: .vxlan(.init(remoteIP: "flow", key: "flow")))
            try await vswitch.addPort("gre1", to: "br0", kind: .gre(.init(remoteIP: "192.0.2.11", key: "7")))
            try await vswitch.addPort("gnv1", to: "br0", kind: .geneve(.init(remoteIP: "192.0.2.12", key: "9")))

            #expect(
                try await sandbox.lines(["list-ports", "br0"]) == [
                    "access1", "gnv1", "gre1", "mgmt0", "patch-br1", "trunk1", "trunk2", "vx1", "vxflow",
                ])
            #expect(try await sandbox.lines(["list-ports", "br1"]) == ["patch-br0"])
            #expect(try await sandbox.vsctl(["get", "port", "access1", "tag"]) == "10\n")
            #expect(
                try await sandbox.vsctl(["get", "port", "trunk1", "trunks", "vlan_mode"]) == "[10, 20, 30]\ntrunk\n")
            #expect(try await sandbox.vsctl(["get", "port", "trunk2", "tag", "vlan_mode"]) == "5\nnative-untagged\n")
            #expect(try await sandbox.vsctl(["get", "interface", "mgmt0", "type"]) == "internal\n")
            #expect(try await sandbox.vsctl(["get", "port", "mgmt0", "tag"]) == "99\n")
            #expect(
                try await sandbox.vsctl(["get", "interface", "patch-br1", "type", "options:peer"])
                    == "patch\npatch-br0\n")
            #expect(try await sandbox.vsctl(["get", "interface", "patch-br0", "options:peer"]) == "patch-br1\n")
            #expect(
                try await sandbox.vsctl(["get", "interface", "vx1", "type", "options"])
                    == "vxlan\n{dst_port=\"4790\", key=\"5000\", local_ip=\"192.0.2.1\", remote_ip=\"192.0.2.10\", tos=inherit, ttl=\"64\"}\n"
            )
            #expect(
                try await sandbox.vsctl(["get", "interface", "vxflow", "options"]) == "{key=flow, remote_ip=flow}\n")
            #expect(
                try await sandbox.vsctl(["get", "interface", "gre1", "type", "options"])
                    == "gre\n{key=\"7\", remote_ip=\"192.0.2.11\"}\n")
            #expect(
                try await sandbox.vsctl(["get", "interface", "gnv1", "type", "options"])
                    == "geneve\n{key=\"9\", remote_ip=\"192.0.2.12\"}\n")
            try await expectShowMatches(sandbox, vswitch)

            await #expect(throws: OVSDBClientError.self) {
                try await vswitch.addPort("bad", to: "br0", kind: .access(vlan: 5000))
            }
            await #expect(
                throws: OVSDBClientError.refused(
                    VSwitchError.portNotOnBridge(port: "access1", bridge: "br1").description)
            ) {
                try await vswitch.deletePort("access1", from: "br1")
            }
            try await vswitch.deletePort("access1", from: "br0")
            try await vswitch.deletePort("patch-br0")
            #expect(try await sandbox.lines(["list-ports", "br1"]) == [])
            #expect(!(try await sandbox.lines(["list-ports", "br0"]).contains("access1")))
            #expect(!(try await sandbox.vsctl(["--columns=name", "list", "interface"]).contains("access1")))
            await vswitch.close()
        }
    }

    @Test("set/clear controller and manager")
    func controllersAndManagers() async throws {
        try await withSandbox { sandbox in
            let vswitch = try await vswitch(sandbox)
            try await vswitch.addBridge("br0", options: BridgeOptions(datapathType: "dummy"))
            try await vswitch.setController("br0", targets: ["tcp:127.0.0.1:6653"])
            #expect(try await sandbox.vsctl(["get-controller", "br0"]) == "tcp:127.0.0.1:6653\n")
            try await vswitch.setController("br0", targets: ["tcp:127.0.0.1:6654"])
            #expect(try await sandbox.vsctl(["get-controller", "br0"]) == "tcp:127.0.0.1:6654\n")
            #expect(
                try await sandbox.lines(["--columns=target", "--bare", "list", "controller"]) == ["tcp:127.0.0.1:6654"])
            try await vswitch.clearController("br0")
            #expect(try await sandbox.vsctl(["get-controller", "br0"]) == "")
            let managerPort = try await freeTCPPort()
            try await vswitch.setManager(targets: ["ptcp:\(managerPort):127.0.0.1"])
            #expect(try await sandbox.vsctl(["get-manager"]) == "ptcp:\(managerPort):127.0.0.1\n")
            try await expectShowMatches(sandbox, vswitch)
            try await vswitch.clearManager()
            #expect(try await sandbox.vsctl(["get-manager"]) == "")
            await vswitch.close()
        }
    }

    @Test("mirrors: select ports and VLANs, output to a port or a VLAN; delete")
    func mirrors() async throws {
        try await withSandbox { sandbox in
            let vswitch = try await vswitch(sandbox)
            try await vswitch.addBridge("br0", options: BridgeOptions(datapathType: "dummy"))
            for name in ["p1", "p2", "span"] { try await vswitch.addPort(name, to: "br0", interfaceType: "dummy") }
            try await vswitch.addMirror(
                "m1", on: "br0",
                options: MirrorOptions(
                    selectSourcePorts: ["p1"], selectDestinationPorts: ["p1", "p2"], selectVLANs: [10, 20],
                    output: .port("span")))
            try await vswitch.addMirror("m2", on: "br0", options: MirrorOptions(selectAll: true, output: .vlan(99)))
            let portUUID = { (name: String) async throws -> String in
                try await sandbox.vsctl(["get", "port", name, "_uuid"]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let (p1, p2, span) = (try await portUUID("p1"), try await portUUID("p2"), try await portUUID("span"))
            #expect(try await sandbox.vsctl(["get", "mirror", "m1", "select_src_port"]) == "[\(p1)]\n")
            #expect(
                try await sandbox.vsctl(["get", "mirror", "m1", "select_dst_port"])
                    == "[\([p1, p2].sorted().joined(separator: ", "))]\n")
            #expect(
                try await sandbox.vsctl(["get", "mirror", "m1", "select_vlan", "output_port"]) == "[10, 20]\n\(span)\n")
            #expect(try await sandbox.vsctl(["get", "mirror", "m2", "select_all", "output_vlan"]) == "true\n99\n")
            #expect(try await sandbox.vsctl(["get", "bridge", "br0", "mirrors"]).split(separator: ",").count == 2)
            try await vswitch.deleteMirror("m1", on: "br0")
            #expect(try await sandbox.lines(["--columns=name", "--bare", "list", "mirror"]) == ["m2"])
            await vswitch.close()
        }
    }
}
