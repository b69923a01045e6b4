import Orchestrator
import Testing
import Topology

/// Which bridge of a file a connecting switch is: by its LOCAL port's name, and by datapath_id
/// where the file gives one. Pure: no switch needed.
@Suite("Switch identity for serve --topology")
struct SwitchIdentityTests {
    let topology: Topology

    init() throws {
        topology = try TopologyLoader.load(
            """
            name: identity
            nodes:
              a:
                ovsdb: unix:/a/db.sock
                bridges:
                  br-plain: {ports: {a0: {}}}
                  br0:
                    datapath_id: "00000000000000a0"
                    ports: {a1: {}}
                    policies: [FORWARD -p tcp --dport 80 -j DROP]
                  br1:
                    ports: {a2: {}}
                    policies: [FORWARD -p tcp --dport 81 -j DROP]
              b:
                ovsdb: unix:/b/db.sock
                bridges:
                  br0:
                    datapath_id: "00000000000000b0"
                    ports: {b3: {}}
                    policies: [FORWARD -p tcp --dport 82 -j DROP]
                  br1:
                    ports: {b4: {}}
                    policies: [FORWARD -p tcp --dport 83 -j DROP]
            """
        ).get()
    }

    func reason(_ name: String?, _ datapathID: UInt64) -> String? {
        if case .unmanaged(let reason) = SwitchIdentity(bridgeName: name, datapathID: datapathID, in: topology) {
            return reason
        }
        return nil
    }

    @Test("same-named bridges of two nodes told apart by datapath_id; zones as apply gives them")
    func managed() {
        guard
            case .managed(let node, let bridge, let zone) = SwitchIdentity(
                bridgeName: "br0", datapathID: 0xb0, in: topology)
        else {
            Issue.record("br0 with datapath b0 not identified")
            return
        }
        #expect(node.name == "b" && bridge.policies?.count == 1 && zone == 1)
        guard case .managed(let nodeA, _, _) = SwitchIdentity(bridgeName: "br0", datapathID: 0xa0, in: topology)
        else {
            Issue.record("br0 with datapath a0 not identified")
            return
        }
        #expect(nodeA.name == "a")
    }

    @Test("left alone: unknown name, wrong datapath id, no policies, ambiguous, no LOCAL port")
    func unmanaged() {
        #expect(reason("br9", 1) == "the file has no bridge br9")
        #expect(reason("br0", 0xc0)?.contains("datapath_id 00000000000000a0, 00000000000000b0") == true)
        #expect(reason("br-plain", 1) == "bridge br-plain has no policies in the file")
        #expect(reason("br1", 1)?.contains("on nodes a, b") == true)
        #expect(reason(nil, 1)?.contains("no LOCAL port") == true)
    }
}
