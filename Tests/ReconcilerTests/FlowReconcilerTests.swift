import OpenFlow
import Reconciler
import Testing

/// FlowReconciler against hand-made switch tables: what is added, changed, deleted and left
/// alone, with the desired flows keyed beforehand (`DesiredFlows`) or not.
@Suite("Flow reconciler")
struct FlowReconcilerTests {
    static let ours: UInt64 = 0x5B0A_0000_0000_0001
    let reconciler = FlowReconciler(ownsCookie: { $0 >> 48 == 0x5B0A }, ownsGroup: { $0 >= 100 })

    static func desired(_ port: UInt16, output: UInt32, priority: UInt16 = 10) -> FlowMod {
        var flow = FlowMod(
            priority: priority,
            match: Match([OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, UInt128(port))]),
            instructions: [.applyActions([.output(port: PortNumber(rawValue: output))])])
        flow.cookie = ours
        return flow
    }

    /// As a switch reports `flow`, its match fields in another order.
    static func reported(_ flow: FlowMod, cookie: UInt64 = ours) -> FlowStats {
        FlowStats(
            tableID: flow.tableID, priority: flow.priority, cookie: cookie, match: Match(flow.match.fields.reversed()),
            instructions: flow.instructions)
    }

    @Test("added, changed, unchanged, deleted, and another tool's flow left alone")
    func plan() {
        let keep = Self.desired(22, output: 1)
        let change = Self.desired(80, output: 2)
        let add = Self.desired(443, output: 3)
        let stale = Self.desired(8080, output: 4)
        let foreign = Self.desired(9090, output: 5)
        let actual = [
            Self.reported(keep), Self.reported(Self.desired(80, output: 9)), Self.reported(stale),
            Self.reported(foreign, cookie: 0x1234),
        ]
        for plan in [
            reconciler.plan(
                desiredFlows: [keep, change, add], desiredGroups: [], actualFlows: actual, actualGroups: []),
            reconciler.plan(
                desired: DesiredFlows([keep, change, add]), desiredGroups: [], actualFlows: actual, actualGroups: []),
        ] {
            #expect(plan.addedFlows == [add])
            #expect(plan.modifiedFlows == [change])
            #expect(plan.deletedFlows.map(\.priority) == [10])
            #expect(plan.deletedFlows.first?.match.fields.contains(OXMField(.tcpDst, 8080)) == true)
            #expect(plan.changeCount == 3)
        }
    }

    @Test("two desired flows with one key: the later counts, as in a flow table")
    func sharedKey() {
        let first = Self.desired(22, output: 1)
        let second = Self.desired(22, output: 2)
        let empty = reconciler.plan(
            desired: DesiredFlows([first, second]), desiredGroups: [], actualFlows: [], actualGroups: [])
        #expect(empty.addedFlows == [first, second])
        let installed = reconciler.plan(
            desired: DesiredFlows([first, second]), desiredGroups: [], actualFlows: [Self.reported(first)],
            actualGroups: [])
        #expect(installed.addedFlows.isEmpty)
        #expect(installed.modifiedFlows == [second])
    }

    @Test("a foreign flow where ours must go is taken over by an ADD, which also works once it is gone")
    func takeOver() {
        let ours = Self.desired(80, output: 2)
        let plan = reconciler.plan(
            desiredFlows: [ours], desiredGroups: [],
            actualFlows: [Self.reported(Self.desired(80, output: 9), cookie: 0)],
            actualGroups: [])
        #expect(plan.modifiedFlows.isEmpty)
        #expect(plan.takenOverFlows == [ours])
        #expect(plan.changeCount == 1)
        guard case .flowMod(let sent) = plan.messages.first else {
            Issue.record("no flow mod")
            return
        }
        #expect(sent.command == .add)
        #expect(plan.changes(names: nil, origins: FlowOrigins()).map(\.action) == [.modify])
    }

    @Test("importance counts; a match the switch spells otherwise is the same flow; differences list both sides")
    func versionsAndMeaning() {
        var important = Self.desired(22, output: 1)
        important.importance = 7
        let reportedImportance = Self.reported(Self.desired(22, output: 1))
        // The same exact address, once with an all-ones mask: other bytes, the same match to OVS.
        let exact = FlowMod(
            priority: 20, match: Match([OXMField(.ethType, 0x0800), OXMField(.ipv4Src, 0x0A00_0001)]),
            instructions: [.applyActions([.output(port: PortNumber(rawValue: 1))])])
        let masked = FlowStats(
            tableID: 0, priority: 20,
            match: Match([OXMField(.ethType, 0x0800), OXMField(.ipv4Src, 0x0A00_0001, mask: 0xFFFF_FFFF)]),
            instructions: exact.instructions)
        let everything = FlowReconciler(ownsCookie: { _ in true }, ownsGroup: { _ in true })
        let differences = everything.differences(
            desired: DesiredFlows([important, exact]), installed: [reportedImportance, masked])
        #expect(differences.count == 1)
        if case .changed(let installed, let desired) = differences.first {
            #expect(installed.importance == 0 && desired.importance == 7)
        } else {
            Issue.record("expected the importance change, got \(differences)")
        }
        let gone = everything.differences(desired: DesiredFlows([]), installed: [masked])
        #expect(gone.count == 1)
        if case .removed(let flow) = gone.first { #expect(flow.priority == 20) }
    }

    @Test("an unchanged table plans nothing")
    func unchanged() {
        let flows = (1...50).map { Self.desired(UInt16($0), output: UInt32($0 % 3 + 1), priority: UInt16($0)) }
        let plan = reconciler.plan(
            desired: DesiredFlows(flows), desiredGroups: [], actualFlows: flows.reversed().map { Self.reported($0) },
            actualGroups: [])
        #expect(plan.isEmpty)
    }
}
