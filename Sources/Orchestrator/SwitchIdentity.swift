import Controller
import OpenFlow
import PolicyCompiler
import Topology

/// Which bridge of a topology file a connecting switch is. A switch tells only its datapath id and
/// its ports; OVS names the LOCAL port after the bridge, so that name is the bridge's, and a
/// `datapath_id` in the file must agree as well (it tells same-named bridges of two nodes apart).
public enum SwitchIdentity: Sendable, Equatable {
    /// A flow-managed bridge of the file, with the conntrack zone `apply` gives it too.
    case managed(node: TopologyNode, bridge: Bridge, zone: UInt16)
    /// Not Switchboard's to change; why, for the log.
    case unmanaged(String)

    public init(bridgeName: String?, datapathID: UInt64, in topology: Topology) {
        guard let bridgeName else {
            self = .unmanaged("it reports no LOCAL port, so its bridge name is unknown")
            return
        }
        let named = topology.nodes.flatMap { node in
            node.bridges.filter { $0.name == bridgeName }.map { (node: node, bridge: $0) }
        }
        let matching = named.filter { candidate in
            guard let text = candidate.bridge.datapathID else { return true }
            return UInt64(text, radix: 16) == datapathID
        }
        let managed = matching.filter { $0.bridge.managesFlows }
        if named.isEmpty {
            self = .unmanaged("the file has no bridge \(bridgeName)")
        } else if matching.isEmpty {
            let expected = named.compactMap(\.bridge.datapathID).joined(separator: ", ")
            self = .unmanaged("bridge \(bridgeName) in the file has datapath_id \(expected)")
        } else if managed.isEmpty {
            self = .unmanaged("bridge \(bridgeName) has no policies in the file")
        } else if managed.count > 1 {
            let nodes = managed.map(\.node.name).joined(separator: ", ")
            self = .unmanaged(
                "bridge \(bridgeName) is on nodes \(nodes) in the file; give each a datapath_id to tell them apart")
        } else {
            let (node, bridge) = managed[0]
            self = .managed(node: node, bridge: bridge, zone: TopologyPolicyCheck.zones(of: node)[bridge.name] ?? 1)
        }
    }

    /// Identifies `handle` by its LOCAL port's name and datapath id.
    public init(_ handle: Switch, in topology: Topology) {
        let local = handle.initialPorts.first { $0.portNumber == .local }?.name
        self.init(bridgeName: local, datapathID: handle.datapathID, in: topology)
    }
}
