import Foundation
import OpenFlow
import Testing

@testable import Reconciler

/// The digest a plan keeps of the owned entries it was computed against: blind to order and
/// counters, sensitive to every part of an entry that a change would touch, and the same in
/// every process (a plan file compares it in another).
@Suite("Flow table fingerprint")
struct FlowTableFingerprintTests {
    static func flow(
        table: UInt8 = 0, priority: UInt16 = 100, cookie: UInt64 = 0x5B0A_0000_0000_0001, port: UInt32 = 2,
        tcpDst: UInt16 = 80, packets: UInt64 = 0
    ) -> FlowStats {
        FlowStats(
            tableID: table, priority: priority, cookie: cookie, packetCount: packets, byteCount: packets * 60,
            match: Match([OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, UInt128(tcpDst))]),
            instructions: [.applyActions([.output(port: PortNumber(rawValue: port))])])
    }

    static func digest(_ flows: [FlowStats], _ groups: [GroupDescription] = []) -> FlowTableFingerprint {
        FlowTableFingerprint.owned(
            flows: flows, groups: groups, ownsCookie: { $0 >> 48 == 0x5B0A }, ownsGroup: { $0 >= 0x5B00_0000 })
    }

    @Test("order and counters do not count")
    func orderAndCounters() {
        let a = [Self.flow(tcpDst: 80), Self.flow(tcpDst: 443), Self.flow(priority: 5)]
        let b = [Self.flow(priority: 5, packets: 9), Self.flow(tcpDst: 443, packets: 1), Self.flow(tcpDst: 80)]
        #expect(Self.digest(a) == Self.digest(b))
    }

    @Test("each part of an owned entry counts; foreign entries do not")
    func sensitivity() {
        let base = [Self.flow(), Self.flow(tcpDst: 443)]
        let digest = Self.digest(base)
        let changed: [[FlowStats]] = [
            [Self.flow(table: 1), Self.flow(tcpDst: 443)],
            [Self.flow(priority: 101), Self.flow(tcpDst: 443)],
            [Self.flow(cookie: 0x5B0A_0000_0000_0002), Self.flow(tcpDst: 443)],
            [Self.flow(port: 3), Self.flow(tcpDst: 443)],
            [Self.flow(tcpDst: 81), Self.flow(tcpDst: 443)],
            [Self.flow()],
            base + [Self.flow(tcpDst: 22)],
        ]
        for flows in changed { #expect(Self.digest(flows) != digest, "\(flows)") }
        #expect(Self.digest(base + [Self.flow(cookie: 0x77)]) == digest, "a foreign flow is not ours to guard")
        let group = GroupDescription(
            type: .all, groupID: 0x5B00_0001, buckets: [Bucket(actions: [.output(port: 4)])])
        #expect(Self.digest(base, [group]) != digest)
        var other = group
        other.buckets = [Bucket(actions: [.output(port: 5)])]
        #expect(Self.digest(base, [group]) != Self.digest(base, [other]))
    }

    @Test("a digest survives JSON, as a plan file carries it")
    func codable() throws {
        let digest = Self.digest([Self.flow(), Self.flow(tcpDst: 443)])
        let back = try JSONDecoder().decode(FlowTableFingerprint.self, from: JSONEncoder().encode(digest))
        #expect(back == digest)
        #expect(digest.description.hasPrefix("2 flow(s), 0 group(s), digest "))
    }

    @Test("a bridge's planned messages survive a plan file byte for byte")
    func bridgeFlowPlanCodable() throws {
        var plan = FlowPlan()
        plan.addedFlows = [
            FlowMod(
                tableID: 2, priority: 7, match: Match([OXMField(.inPort, 0xFFFE_0000)]),
                instructions: [.applyActions([.output(port: 4)])], cookie: 0x5B0A_0000_0000_0003)
        ]
        plan.deletedFlows = [FlowKey(table: 0, priority: 9, match: Match([OXMField(.ethType, 0x0806)]))]
        plan.addedGroups = [
            GroupMod(command: .add, type: .all, groupID: 0x5B00_0002, buckets: [Bucket(actions: [.output(port: 1)])])
        ]
        let planned = BridgeFlowPlan(
            plan, portNumbers: ["p1": 0xFFFE_0000, "up": 4], unboundPorts: ["p1"],
            observed: Self.digest([Self.flow()]))
        #expect(planned.summary == Plan.Summary(add: 2, change: 0, delete: 1))
        let back = try JSONDecoder().decode(BridgeFlowPlan.self, from: JSONEncoder().encode(planned))
        #expect(back == planned)
        #expect(back.messages.map { OFMessage($0).bytes } == planned.messages.map { OFMessage($0).bytes })
        #expect(back.bindingNote == "the numbers of port(s) p1 are bound once apply creates them")
    }
}
