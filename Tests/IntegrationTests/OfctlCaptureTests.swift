import Foundation
import NIOCore
import OpenFlow
import TestSupport
import Testing

/// Differential against what the reference tool *sends*: `ovs-ofctl -O OpenFlow14` talks to
/// `FakeOpenFlowSwitch`, and every frame it sends must decode with our codec and re-encode to
/// the same bytes. The flows cover OVS's extensions (ct, nat, resubmit, move, load, set_field,
/// registers, masks, learn and other actions we keep raw) as OVS actually encodes them.
@Suite(
    "What ovs-ofctl sends", .serialized,
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct OfctlCaptureTests {
    static let flows = [
        "priority=100,in_port=1,actions=output:2",
        "cookie=0x5,idle_timeout=10,hard_timeout=20,importance=3,send_flow_rem,check_overlap,priority=7,actions=drop",
        "table=1,priority=200,ip,nw_src=10.0.0.0/24,nw_dst=10.1.2.3,actions=mod_nw_dst:10.9.9.9,output:3",
        "tcp,tp_dst=80,tcp_flags=+syn-ack,actions=ct(commit,zone=5,table=3)",
        "ip,ct_state=-trk,actions=ct(table=1,zone=1,nat)",
        "tcp,ct_state=+trk+new,nw_dst=10.0.0.100,tp_dst=45,actions=ct(commit,zone=1,nat(dst=10.0.0.2:8080)),output:2",
        "ip,actions=ct(commit,zone=NXM_NX_REG4[0..15],exec(set_field:0x1->ct_mark,set_field:0xff/0xff->ct_label),"
            + "nat(src=192.168.0.1-192.168.0.10:1000-2000,random))",
        "ipv6,ipv6_src=2001:db8::/32,actions=ct(commit,nat(src=[2001:db8::1]-[2001:db8::ff]))",
        "arp,arp_tpa=10.0.0.1,arp_op=1,actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],mod_dl_src:00:11:22:33:44:55,"
            + "load:0x2->NXM_OF_ARP_OP[],move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],load:0x001122334455->NXM_NX_ARP_SHA[],"
            + "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],in_port",
        "reg0=0x5/0xff,reg3=7,actions=resubmit(,2),resubmit(3,4),resubmit:5",
        "ip,ct_state=+trk-inv,actions=resubmit(,5,ct)",
        "metadata=0x10/0xff,actions=meter:1,clear_actions,write_actions(output:1,group:2),write_metadata:0x20/0xff,"
            + "goto_table:5",
        "dl_vlan=10,dl_vlan_pcp=3,actions=strip_vlan,push_vlan:0x8100,set_field:4095->vlan_vid,output:1",
        "mpls,mpls_label=5,mpls_tc=1,mpls_bos=1,actions=pop_mpls:0x0800,dec_ttl,output:1",
        "ip,actions=push_mpls:0x8847,set_mpls_label:10,set_mpls_tc:2,set_mpls_ttl:64,dec_mpls_ttl,output:2",
        "actions=set_queue:3,group:1,set_field:0x1234->tun_id,set_tunnel:0x5,set_tunnel64:0x1234567890,"
            + "output:NXM_NX_REG1[0..15]",
        "ip,actions=note:01.02.03.04.05,dec_ttl(1,2,3),controller(userdata=01.02,pause),controller:128,pop_queue,exit",
        "conj_id=10,ip,actions=output:1",
        "tcp,in_port=3,actions=set_field:1->in_port,load:0x2->NXM_OF_IN_PORT[],goto_table:1",
        "ip,nw_src=10.0.0.1,actions=conjunction(10,1/2)",
        "icmp6,icmp_type=135,nd_target=fe80::1,nd_sll=00:00:00:00:00:01,actions=drop",
        "udp,udp_src=53,nw_tos=0x10,nw_ecn=1,nw_ttl=64,actions=mod_tp_src:5353,mod_nw_tos:8,mod_nw_ecn:2,mod_nw_ttl:10",
        "sctp,sctp_dst=9,actions=mod_tp_dst:10",
        "icmp,icmp_type=8,icmp_code=0,actions=set_field:10.0.0.1->ip_src,output:in_port",
        "tun_src=1.1.1.1,tun_dst=2.2.2.2,pkt_mark=0x5/0xf,actions=set_field:3->pkt_mark,"
            + "learn(table=10,NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[])",
        "actions=multipath(eth_src,50,modulo_n,1,0,NXM_NX_REG0[]),"
            + "bundle(eth_src,0,active_backup,ofport,members:1,2)",
        "actions=sample(probability=100,collector_set_id=1),push:NXM_NX_REG0[],pop:NXM_NX_REG1[]",
        "ct_state=+trk+est,ct_zone=5,ct_mark=0x1/0x1,ct_label=0x1/0x1,ip,actions=ct_clear,output:1",
        "ip,ct_state=+trk,ct_nw_src=10.0.0.1,ct_nw_proto=6,ct_tp_dst=80,actions=drop",
        "dp_hash=0x5/0xf,actions=output(port=1,max_len=100)",
        "xreg0=0x5,actions=set_field:0x5->xxreg1,load:1->NXM_NX_XXREG0[3]",
        "ipv6,ipv6_label=0x12345,ipv6_dst=::1/64,actions=set_field:fe80::2->ipv6_dst",
        "dl_type=0x88cc,dl_dst=01:80:c2:00:00:0e,actions=controller(reason=no_match,max_len=100,id=5)",
        "eth_src=00:00:00:00:00:01/ff:ff:ff:00:00:00,actions=mod_dl_dst:00:00:00:00:00:02,enqueue:1:2",
        "tcp,tp_src=0x1000/0xf000,actions=check_pkt_larger(200)->NXM_NX_REG0[0],fin_timeout(idle_timeout=10)",
    ]

    static let groups = [
        "group_id=1,type=select,bucket=weight:5,actions=output:1,bucket=weight:3,actions=output:2",
        "group_id=2,type=all,bucket=actions=NORMAL,bucket=actions=output:3",
        "group_id=3,type=indirect,bucket=actions=set_field:00:00:00:00:00:01->eth_dst,output:1",
        "group_id=4,type=ff,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,watch_group:3,actions=output:2",
        "group_id=5,type=all,bucket=actions=ct(commit,table=2),bucket=actions=resubmit(,3)",
    ]

    /// Runs `ovs-ofctl -O OpenFlow14 ARGS` against a fresh fake switch; returns its exit status
    /// and every frame it sent. TARGET in `arguments` stands for the switch's address.
    static func capture(_ arguments: [String]) async throws -> (status: Int32, frames: [ByteBuffer], output: String) {
        let fake = try await FakeOpenFlowSwitch.start()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ovs-ofctl")
        p.arguments = ["-O", "OpenFlow14"] + arguments.map { $0 == "TARGET" ? "tcp:127.0.0.1:\(fake.port)" : $0 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        // ovs-ofctl waits for answers; if one is missing it would wait forever.
        let deadline = Date().addingTimeInterval(20)
        while p.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let frames = fake.received
        try await fake.stop()
        return (p.terminationStatus, frames, text)
    }

    /// Decodes each frame, re-encodes it and compares bytes. Returns the decoded messages.
    static func roundTrip(_ frames: [ByteBuffer], sourceLocation: SourceLocation = #_sourceLocation) -> [OFMessage] {
        var messages = [OFMessage]()
        for frame in frames {
            do {
                let message = try OFMessage(bytes: frame)
                let again = message.bytes
                #expect(
                    again == frame, "re-encoded differently:\n ours \(hex(again))\n ovs  \(hex(frame))",
                    sourceLocation: sourceLocation)
                messages.append(message)
            } catch {
                Issue.record("does not decode: \(error)\n \(hex(frame))", sourceLocation: sourceLocation)
            }
        }
        return messages
    }

    static func hex(_ b: ByteBuffer) -> String { b.readableBytesView.map { String(format: "%02x", $0) }.joined() }

    static func withFile<T>(_ lines: [String], _ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ofctl-\(UUID().uuidString).txt").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    static func flowMods(_ messages: [OFMessage]) -> [FlowMod] {
        messages.compactMap {
            switch $0.body {
            case .flowMod(let m): m
            case .bundleAdd(let a): if case .flowMod(let m) = a.message.body { m } else { nil }
            default: nil
            }
        }
    }

    @Test("each flow, one add-flow each", arguments: flows)
    func addFlow(flow: String) async throws {
        let (status, frames, output) = try await Self.capture(["add-flow", "TARGET", flow])
        #expect(status == 0, "ovs-ofctl: \(output)")
        let messages = Self.roundTrip(frames)
        #expect(Self.flowMods(messages).count == 1, "\(messages.map(\.type))")
    }

    @Test("add-flows, mod-flows, del-flows (loose and strict)")
    func flowCommands() async throws {
        try await Self.withFile(Self.flows) { file in
            let (status, frames, output) = try await Self.capture(["add-flows", "TARGET", file])
            #expect(status == 0, "ovs-ofctl: \(output)")
            #expect(Self.flowMods(Self.roundTrip(frames)).count == Self.flows.count)
        }
        for args in [
            ["mod-flows", "TARGET", "in_port=1,actions=output:3"],
            ["del-flows", "TARGET", "tcp,tp_dst=80"],
            ["--strict", "del-flows", "TARGET", "priority=100,in_port=1"],
            ["del-flows", "TARGET"],
        ] {
            let (status, frames, output) = try await Self.capture(args)
            #expect(status == 0, "\(args): \(output)")
            #expect(Self.flowMods(Self.roundTrip(frames)).count == 1, "\(args)")
        }
    }

    @Test("bundles: --bundle add-flows and del-flows")
    func bundles() async throws {
        try await Self.withFile(Array(Self.flows.prefix(12))) { file in
            let (status, frames, output) = try await Self.capture(["--bundle", "add-flows", "TARGET", file])
            #expect(status == 0, "ovs-ofctl: \(output)")
            let messages = Self.roundTrip(frames)
            #expect(Self.flowMods(messages).count == 12)
            let controls = messages.compactMap { if case .bundleControl(let c) = $0.body { c.type } else { nil } }
            #expect(controls.contains(.openRequest) && controls.contains(.commitRequest), "\(controls)")
        }
        let (status, frames, output) = try await Self.capture(["--bundle", "del-flows", "TARGET", "ip"])
        #expect(status == 0, "ovs-ofctl: \(output)")
        #expect(Self.flowMods(Self.roundTrip(frames)).count == 1)
    }

    @Test("groups: add-groups, mod-group, del-groups")
    func groups() async throws {
        try await Self.withFile(Self.groups) { file in
            let (status, frames, output) = try await Self.capture(["add-groups", "TARGET", file])
            #expect(status == 0, "ovs-ofctl: \(output)")
            let mods = Self.roundTrip(frames).filter { $0.type == .groupMod }
            #expect(mods.count == Self.groups.count)
        }
        for args in [
            ["mod-group", "TARGET", "group_id=1,type=select,bucket=output:4"],
            ["del-groups", "TARGET", "group_id=1"],
        ] {
            let (status, frames, output) = try await Self.capture(args)
            #expect(status == 0, "\(args): \(output)")
            #expect(Self.roundTrip(frames).contains { $0.type == .groupMod }, "\(args)")
        }
    }

    @Test(
        "multipart requests, meter and packet-out",
        arguments: [
            ["dump-flows", "TARGET", "tcp,tp_dst=80,reg0=5/0xff"], ["dump-aggregate", "TARGET", "table=3"],
            ["dump-tables", "TARGET"], ["dump-ports", "TARGET"], ["dump-ports-desc", "TARGET"],
            ["dump-groups", "TARGET"], ["dump-group-stats", "TARGET"], ["queue-stats", "TARGET"],
            ["dump-meters", "TARGET"], ["meter-stats", "TARGET"], ["dump-table-desc", "TARGET"],
            ["add-meter", "TARGET", "meter=1,kbps,burst,stats,band=type=drop,rate=1000,burst_size=100"],
            [
                "packet-out", "TARGET",
                "in_port=controller packet=0001020304050006070809\(String(repeating: "0a", count: 52)) actions=output:2",
            ],
        ])
    func requests(arguments: [String]) async throws {
        let (_, frames, output) = try await Self.capture(arguments)
        let messages = Self.roundTrip(frames)
        // Besides the HELLOs and the table-features probe, the command's own message must be there.
        let own = messages.filter {
            switch $0.body {
            case .hello: false
            case .multipartRequest(let r): r.body.type != .tableFeatures || arguments[0] == "dump-table-features"
            default: true
            }
        }
        #expect(!own.isEmpty, "\(arguments): \(messages.map(\.type)) \(output)")
    }
}
