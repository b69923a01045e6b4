import OpenFlow
import Testing

@testable import OpenFlowText

@Suite("Formatter: ovs-ofctl's text, and what it prints parses back")
struct FormatterTests {
    @Test("every fixture flow prints exactly what ovs-ofctl 3.1 prints for it")
    func matchesOVS() throws {
        let flows = Fixtures.flows
        let expected = Fixtures.ovsParseFlow
        #expect(flows.count == expected.count && flows.count > 70)
        for (flow, want) in zip(flows, expected) {
            let mod = try FlowParser.parse(flow)
            #expect(FlowFormatter.format(mod) == want, "\(flow)")
        }
    }

    @Test("print -> parse -> same flow mod, for every fixture flow")
    func roundTrip() throws {
        for flow in Fixtures.flows {
            let mod = try FlowParser.parse(flow)
            let line = FlowFormatter.flowLine(mod)
            let again = try FlowParser.parse(line)
            #expect(again == mod, "\(flow) printed as \(line)")
        }
    }

    @Test("dump-flows lines: stats, durations, flags and importance in ovs-ofctl's order")
    func flowStats() throws {
        let stats = FlowStats(
            tableID: 0, durationSec: 12, durationNSec: 345_000_000, priority: 18, idleTimeout: 30, hardTimeout: 60,
            flags: [.sendFlowRemoved], importance: 5, packetCount: 3, byteCount: 180, match: Match(),
            instructions: [.clearActions, .writeActions([.output(port: 1)])])
        #expect(
            FlowFormatter.format(stats)
                == "cookie=0x0, duration=12.345s, table=0, n_packets=3, n_bytes=180, idle_timeout=30, hard_timeout=60, send_flow_rem importance=5, priority=18 actions=clear_actions,write_actions(output:1)"
        )
        #expect(
            FlowFormatter.format(stats, showStats: false)
                == "idle_timeout=30, hard_timeout=60, send_flow_rem importance=5, priority=18 actions=clear_actions,write_actions(output:1)"
        )
        #expect(FlowFormatter.duration(1, 1) == "1.000000001s")
        #expect(FlowFormatter.duration(7, 0) == "7s")
    }

    @Test("a dump-flows line parses back to the flow (statistics are ignored)")
    func dumpLineParses() throws {
        let line =
            "cookie=0x5, duration=1.5s, table=2, n_packets=0, n_bytes=0, priority=7,tcp,tp_dst=22 actions=output:1"
        let mod = try FlowParser.parse(line)
        #expect(mod.cookie == 5 && mod.tableID == 2 && mod.priority == 7)
        #expect(mod.match[.tcpDst]?.value.integer == 22)
    }

    @Test("groups print as dump-groups prints them and parse back")
    func groups() throws {
        let texts = [
            "group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2",
            "group_id=3,type=ff,bucket=watch_port:1,actions=output:1",
            "group_id=2,type=all,bucket=actions=output:1,bucket=actions=resubmit(,1)",
            "group_id=4,type=indirect,bucket=actions=set_field:00:00:00:00:00:09->eth_dst,output:1",
            "group_id=7,type=all",
        ]
        for text in texts {
            let mod = try GroupSyntax.parse(text)
            let description = GroupDescription(type: mod.type, groupID: mod.groupID, buckets: mod.buckets)
            #expect(GroupSyntax.format(description) == text)
        }
    }

    @Test("resubmit prints as ovs-ofctl prints it, whichever NX encoding the switch returns")
    func resubmit() {
        #expect(ActionFormatter.format(.nicira(.resubmit(inPort: 3))) == "resubmit:3")
        #expect(ActionFormatter.format(.nicira(.resubmitTable(inPort: 3, table: 255))) == "resubmit:3")
        #expect(ActionFormatter.format(.nicira(.resubmitTable(inPort: 0xfff8, table: 2))) == "resubmit(,2)")
        #expect(ActionFormatter.format(.nicira(.resubmitTableCT(inPort: 0xfff8, table: 2))) == "resubmit(,2,ct)")
    }

    @Test("IPv6 text as inet_ntop writes it")
    func ipv6() {
        let cases: [(String, String)] = [
            ("2001:db8:0:0:0:0:0:1", "2001:db8::1"), ("::1", "::1"), ("fe80::1:2:3:4", "fe80::1:2:3:4"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("::", "::"),
        ]
        for (input, output) in cases {
            #expect(IPv6Syntax.parse(input).map(IPv6Syntax.format) == output)
        }
    }

    @Test("matches read from a switch in any field spelling print the same")
    func spellings() {
        let nxm = Match([OXMField(.nxmEthType, 0x0800), OXMField(.nxmIPProto, 6), OXMField(.nxmTCPDst, 80)])
        let oxm = Match([OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, 80)])
        #expect(FlowMatch(nxm) == FlowMatch(oxm))
        #expect(MatchFormatter.format(FlowMatch(nxm), priority: 0x8000, names: nil) == "tcp,tp_dst=80")
    }
}
