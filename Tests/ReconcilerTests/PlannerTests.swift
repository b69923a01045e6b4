import Foundation
import OVSDB
import Testing
import Topology

@testable import Reconciler

@Suite("Planner", .enabled(if: hasSchema, "needs /usr/share/openvswitch/vswitch.ovsschema"))
struct PlannerTests {
    @Test("applying the plan yields the desired state; planning again is empty")
    func applyYieldsDesired() throws {
        let empty = try emptyDatabase()
        let first = try plan(topologyA, empty)
        #expect(first.hasChanges)
        let a = try apply(topologyA, empty)
        let again = try plan(topologyA, a)
        #expect(!again.hasChanges, "\(lines(again))")
        #expect(again.operations.isEmpty)
        // Observed equals desired, column for column.
        let desired = DesiredState.make(try #require(try topology(topologyA).nodes.first), owner: "lab")
        let observed = shape(a)
        for bridge in desired.bridges {
            let live = try #require(observed.bridge(named: bridge.name))
            #expect(live.controllers == bridge.controllers)
            for port in bridge.ports {
                let livePort = try #require(live.port(named: port.name))
                for (column, value) in port.port {
                    #expect(ColumnDiff.same(livePort.port[column], value), "\(port.name).\(column)")
                }
                for (column, value) in port.interface {
                    #expect(ColumnDiff.same(livePort.interface[column], value), "\(port.name).\(column)")
                }
            }
        }
        #expect(a.bridge(named: "br-int")?.externalIds["switchboard-owner"] == "lab")
        #expect(a.port(named: "web1")?.tag == 100)
        #expect(a.interface(named: "vx0")?.options["remote_ip"] == "192.168.50.4")
        // The bridge's local internal port was created with it.
        #expect(a.interface(named: "br-int")?.type == "internal")
    }

    @Test("plan(desired, actual) is empty when they are equal")
    func emptyWhenEqual() throws {
        let a = try apply(topologyA, try emptyDatabase())
        let plan = try plan(topologyA, a)
        #expect(plan.bridges.isEmpty)
        #expect(PlanRenderer.text(Plan(topology: "lab", nodes: [plan])).hasSuffix("No changes.\n"))
    }

    @Test("A → B shows exactly the differences, and B → A restores A")
    func aToBToA() throws {
        let a = try apply(topologyA, try emptyDatabase())
        let toB = try plan(topologyB, a)
        #expect(
            Set(lines(toB)) == [
                "- bridge br-ext",
                "~ bridge br-int fail_mode secure → standalone",
                "~ bridge br-int other_config:datapath-id 0000000000000001 → (none)",
                "~ bridge br-int controller tcp:127.0.0.1:6653 → tcp:127.0.0.1:6653,tcp:127.0.0.1:6654",
                "- port db1",
                "- port to-ext",
                "~ port web1 tag 100 → 101",
                "+ port web2 (access vlan 100)",
                "~ port up tag (none) → 1",
                "~ port up vlan_mode trunk → native-untagged",
                "~ port mgmt mac 02:00:00:00:00:01 → (none)",
                "~ port vx0 options:remote_ip 192.168.50.4 → 192.168.50.5",
                "~ mirror m1 select_src_port web1 → web1,web2",
            ])
        let b = try TransactionSimulator.apply(toB.operations, to: a)
        #expect(!(try plan(topologyB, b)).hasChanges)
        let back = try apply(topologyA, b)
        #expect(!(try plan(topologyA, back)).hasChanges)
        #expect(shape(back) == shape(a))
    }

    @Test("rows not owned by the topology are never touched; --adopt takes them over")
    func ownership() throws {
        var live = try apply(
            "name: other\novsdb: unix:/x\nbridges:\n  br-int:\n    ports:\n      x: {}\n", try emptyDatabase())
        live = try apply(
            "name: foreign\novsdb: unix:/x\nbridges:\n  br-foreign:\n    ports:\n      f1: {}\n", live)
        // A foreign bridge not in the file: not in the plan, not in the operations.
        let mine = try plan("name: lab\novsdb: unix:/x\nbridges:\n  br-mine: {}\n", live)
        #expect(lines(mine) == ["+ bridge br-mine (OpenFlow14)"])
        let foreign = try #require(live.bridge(named: "br-foreign")).uuid
        #expect(!"\(mine.operations)".contains(foreign.uuidString.lowercased()))
        #expect(!"\(mine.operations)".contains(foreign.uuidString))
        // A bridge of the same name owned by someone else: a conflict, and no operations.
        let clash = try plan("name: lab\novsdb: unix:/x\nbridges:\n  br-int: {}\n", live)
        #expect(clash.conflicts.count == 1)
        #expect(clash.conflicts.first?.contains("--adopt") == true)
        #expect(clash.operations.isEmpty)
        let clashText = PlanRenderer.text(Plan(topology: "lab", nodes: [clash]))
        #expect(clashText.hasSuffix("1 conflict(s): nothing will be applied.\n"), "\(clashText)")
        #expect(!clashText.contains("No changes."), "\(clashText)")
        // Adopting: only the ownership marker (and the protocols default) change.
        let adopted = try plan(
            "name: lab\novsdb: unix:/x\nbridges:\n  br-int:\n    ports:\n      x: {}\n", live, adopt: true)
        #expect(adopted.conflicts.isEmpty)
        #expect(
            Set(lines(adopted)) == [
                "~ bridge br-int external_ids:switchboard-owner other → lab",
                "~ port x external_ids:switchboard-owner other → lab",
            ])
    }

    @Test("unowned ports on an owned bridge are left alone")
    func foreignPortOnOwnedBridge() throws {
        var live = try apply(
            "name: lab\novsdb: unix:/x\nbridges:\n  br0:\n    ports:\n      a: {}\n", try emptyDatabase())
        live = try apply("name: tool\novsdb: unix:/x\nbridges:\n  brx:\n    ports:\n      handmade: {}\n", live)
        // Move `handmade` onto br0 by hand, as `ovs-vsctl add-port` would leave a port without an owner.
        let port = try #require(live.port(named: "handmade")).uuid
        let br0 = try #require(live.bridge(named: "br0")).uuid
        let brx = try #require(live.bridge(named: "brx")).uuid
        live = try TransactionSimulator.apply(
            [
                .mutate(
                    table: "Bridge", where: [.uuid(brx)], mutations: [Mutation("ports", .delete, .set([.uuid(port)]))]),
                .mutate(
                    table: "Bridge", where: [.uuid(br0)], mutations: [Mutation("ports", .insert, .set([.uuid(port)]))]),
            ], to: live)
        let plan = try plan("name: lab\novsdb: unix:/x\nbridges:\n  br0: {}\n", live)
        #expect(lines(plan) == ["- port a"])
    }

    @Test("a port moves between owned bridges in place")
    func move() throws {
        let live = try apply(
            "name: lab\novsdb: unix:/x\nbridges:\n  br0:\n    ports:\n      p: {vlan: 5}\n  br1: {}\n",
            try emptyDatabase())
        let moved = try plan(
            "name: lab\novsdb: unix:/x\nbridges:\n  br0: {}\n  br1:\n    ports:\n      p: {vlan: 5}\n", live)
        #expect(lines(moved) == ["~ port p bridge br0 → br1"])
        let after = try TransactionSimulator.apply(moved.operations, to: live)
        #expect(after.port(named: "p")?.uuid == live.port(named: "p")?.uuid)
        #expect(after.bridge(containing: try #require(after.port(named: "p")).uuid)?.name == "br1")
    }

    @Test("every write is guarded; the transaction ends with next_cfg += 1 and its read")
    func guards() throws {
        let a = try apply(topologyA, try emptyDatabase())
        let toB = try plan(topologyB, a)
        let waits = toB.operations.filter { if case .wait = $0 { return true } else { return false } }
        #expect(waits.count >= 6)
        #expect(toB.operations.first?.name == "wait")
        #expect(toB.operations.suffix(2).map(\.name) == ["mutate", "select"])
        // The same plan against a database someone changed meanwhile fails on a guard.
        var changed = a
        changed = try TransactionSimulator.apply(
            [.update(table: "Port", where: [.uuid(try #require(a.port(named: "web1")).uuid)], row: ["tag": 42])],
            to: changed)
        #expect(throws: TransactionSimulator.Failure.self) {
            try TransactionSimulator.apply(toB.operations, to: changed)
        }
    }

    @Test("JSON form carries the changes and the summary")
    func json() throws {
        let nodePlan = try plan(topologyA, try emptyDatabase())
        let text = PlanRenderer.json(Plan(topology: "lab", nodes: [nodePlan]))
        #expect(text.contains("\"summary\""))
        #expect(text.contains("\"add\" : 11"))
        #expect(!text.contains("operations"))
        let human = PlanRenderer.text(Plan(topology: "lab", nodes: [nodePlan]))
        #expect(human.contains("    + port web1 (access vlan 100)\n"))
        #expect(human.contains("    + port vx0 (vxlan remote_ip 192.168.50.4 key 5000 dst_port 4789 ttl 5)\n"))
        #expect(human.hasSuffix("Plan: 11 to add, 0 to change, 0 to delete.\n"))
    }

    @Test("export of live state plans to no changes")
    func export() throws {
        let a = try apply(topologyA, try emptyDatabase())
        let exported = Exporter.topology(a, node: "local", endpoint: Endpoint(target: "unix:/x"))
        #expect(exported.name == "lab")
        let text = TopologyWriter.yaml(exported)
        let again = try TopologyLoader.load(text).get()
        let node = try #require(again.nodes.first)
        let plan = Planner.plan(node, owner: again.name, snapshot: a)
        #expect(!plan.hasChanges, "\(lines(plan))\n\(text)")
    }
}
