import OpenFlow
import Testing

@testable import OpenFlowText

/// `monitor … watch:SPEC` and the flow updates it prints. Expected update lines are what
/// `ovs-ofctl -O OpenFlow14 monitor br0 watch:` printed for the same flows (OVS 3.1).
@Suite("watch: specs and flow update lines")
struct FlowMonitorSyntaxTests {
    @Test("an empty spec asks for everything, as ovs-ofctl's does")
    func defaults() throws {
        let r = try FlowMonitorSyntax.parse("", id: 1)
        #expect(r.flags == [.initial, .add, .removed, .modify, .instructions, .onlyOwn])
        #expect(r.tableID == TableID.all && r.outPort == .any && r.outGroup == GroupID.any && r.match.isEmpty)
        #expect(r.command == .add && r.monitorID == 1)
    }

    @Test("! options clear flags; table, out_port, out_group and a match narrow the monitor")
    func options() throws {
        let r = try FlowMonitorSyntax.parse(
            "!initial,!actions !own,table=1,tcp,tp_dst=80,out_port=2,out_group=5", id: 3)
        #expect(r.flags == [.add, .removed, .modify])
        #expect(r.tableID == 1 && r.outPort == 2 && r.outGroup == 5 && r.monitorID == 3)
        let match = FlowMatch(r.match)
        #expect(MatchFormatter.format(match, priority: 0x8000, names: nil) == "tcp,tp_dst=80")
        // Printed back as ovs-ofctl ofp-print prints the request.
        #expect(
            FlowMonitorFormatter.request(r, names: nil)
                == "\n id=3 flags=add,delete,modify out_port=2 out_group=5 table=1 tcp,tp_dst=80")
    }

    @Test("unknown options and misspelt fields are errors that say so")
    func errors() {
        #expect(throws: SyntaxError.self) { try FlowMonitorSyntax.parse("!bogus", id: 1) }
        #expect(throws: SyntaxError.self) { try FlowMonitorSyntax.parse("tcp,tp_dsr=80", id: 1) }
        #expect(throws: SyntaxError.self) { try FlowMonitorSyntax.parse("priority=5", id: 1) }
    }

    @Test("updates print as ovs-ofctl monitor prints them")
    func updates() throws {
        let flow = try FlowParser.parse("table=1,priority=100,tcp,tp_dst=80,actions=output:1")
        func update(_ event: FlowUpdate.Event, reason: UInt8 = 0, actions: Bool = true) -> String {
            FlowMonitorFormatter.update(
                .full(
                    .init(
                        event: event, tableID: 1, reason: reason, priority: 100, match: flow.match,
                        instructions: actions ? flow.instructions : [])))
        }
        #expect(update(.added) == "\n event=ADDED table=1 cookie=0 tcp,tp_dst=80 actions=output:1")
        #expect(update(.added, actions: false) == "\n event=ADDED table=1 cookie=0 tcp,tp_dst=80")
        #expect(update(.modified) == "\n event=MODIFIED table=1 cookie=0 tcp,tp_dst=80 actions=output:1")
        #expect(
            update(.removed, reason: 2)
                == "\n event=DELETED reason=delete table=1 cookie=0 tcp,tp_dst=80 actions=output:1")
        #expect(FlowMonitorFormatter.update(.abbreviated(xid: 0x4d2)) == "\n event=ABBREV xid=0x4d2")
    }
}
