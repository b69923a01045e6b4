import Foundation
import OVSDB
import Testing
import Topology

@testable import Reconciler

let vswitchSchemaPath = "/usr/share/openvswitch/vswitch.ovsschema"
let hasSchema = FileManager.default.fileExists(atPath: vswitchSchemaPath)

/// An Open_vSwitch database with just its root row, as after `ovs-vsctl init`.
func emptyDatabase() throws -> DatabaseCache {
    let schema = try DatabaseSchema(data: Array(try Data(contentsOf: URL(fileURLWithPath: vswitchSchemaPath))))
    var cache = DatabaseCache(schema: schema)
    try cache.apply(TableUpdates(["Open_vSwitch": [UUID(): .initial([:])]]))
    return cache
}

func topology(_ yaml: String) throws -> Topology {
    try TopologyLoader.load(yaml, file: "t.yaml").get()
}

/// One node's plan of `yaml` against `snapshot`.
func plan(_ yaml: String, _ snapshot: DatabaseCache, adopt: Bool = false) throws -> NodePlan {
    let topology = try topology(yaml)
    return Planner.plan(try #require(topology.nodes.first), owner: topology.name, snapshot: snapshot, adopt: adopt)
}

/// Plans and applies `yaml` to `snapshot`; returns the new contents.
func apply(_ yaml: String, _ snapshot: DatabaseCache, adopt: Bool = false) throws -> DatabaseCache {
    let nodePlan = try plan(yaml, snapshot, adopt: adopt)
    #expect(nodePlan.conflicts.isEmpty, "\(nodePlan.conflicts)")
    try snapshot.schema.validate(nodePlan.operations)
    return try TransactionSimulator.apply(nodePlan.operations, to: snapshot)
}

/// The observed state without uuids: what two databases with the same configuration share.
func shape(_ snapshot: DatabaseCache) -> NodeState {
    var state = ObservedState.make(snapshot)
    for b in state.bridges.indices {
        state.bridges[b].uuid = nil
        state.bridges[b].ports = state.bridges[b].ports.map {
            var port = $0
            port.uuid = nil
            port.interfaceUUID = nil
            return port
        }.sorted { $0.name < $1.name }
        state.bridges[b].mirrors = state.bridges[b].mirrors.map {
            var mirror = $0
            mirror.uuid = nil
            return mirror
        }
    }
    return state
}

func lines(_ plan: NodePlan) -> [String] { plan.bridges.flatMap(\.changes).map(\.text) }

let topologyA = """
    name: lab
    ovsdb: unix:/x
    bridges:
      br-int:
        datapath_type: dummy
        fail_mode: secure
        controllers: [tcp:127.0.0.1:6653]
        datapath_id: "0000000000000001"
        ports:
          web1: {type: dummy, vlan: 100}
          db1: {type: dummy, vlan: 200}
          up: {type: dummy, trunks: [100, 200]}
          mgmt: {type: internal, vlan: 100, mac: "02:00:00:00:00:01"}
          vx0: {type: vxlan, remote_ip: 192.168.50.4, key: 5000, dst_port: 4789, ttl: 5}
          to-ext: {type: patch, peer: to-int}
          span: {type: dummy}
        mirrors:
          m1: {select_src_ports: [web1], output_port: span}
      br-ext:
        datapath_type: dummy
        ports:
          to-int: {type: patch, peer: to-ext}
    """

/// A (the same shape) with: web1 on VLAN 101, vx0 to .5, db1 gone, web2 new, br-ext gone
/// (its patch port with it, so br-int's patch goes too), a controller more, a mirror changed.
let topologyB = """
    name: lab
    ovsdb: unix:/x
    bridges:
      br-int:
        datapath_type: dummy
        fail_mode: standalone
        controllers: [tcp:127.0.0.1:6653, tcp:127.0.0.1:6654]
        ports:
          web1: {type: dummy, vlan: 101}
          web2: {type: dummy, vlan: 100}
          up: {type: dummy, trunks: [100, 200], native_vlan: 1}
          mgmt: {type: internal, vlan: 100}
          vx0: {type: vxlan, remote_ip: 192.168.50.5, key: 5000, dst_port: 4789, ttl: 5}
          span: {type: dummy}
        mirrors:
          m1: {select_src_ports: [web1, web2], output_port: span}
    """
