import Foundation
import NIOCore
import Testing

@testable import OpenFlow

/// Encodes broad generated sets of messages and has the reference decoder (ovs-ofctl
/// ofp-print, OVS 3.1) decode them: it must report no error, and a few fields it prints are
/// checked against the values we encoded.
@Suite(.serialized) struct DifferentialTests {
    static let ovsOfctl = "/usr/bin/ovs-ofctl"

    static func ofpPrint(_ message: OFMessage) -> String? {
        guard FileManager.default.isExecutableFile(atPath: ovsOfctl) else {
            Issue.record(
                "ovs-ofctl is not installed at \(ovsOfctl); the differential tests need it (apt-get install openvswitch-common)"
            )
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ovsOfctl)
        p.arguments = ["ofp-print", hex(message.bytes)]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        do {
            try p.run()
        } catch {
            Issue.record("could not run ovs-ofctl: \(error)")
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs ofp-print and checks it decoded cleanly; returns its text for spot checks.
    @discardableResult
    static func expectClean(
        _ m: OFMessage, _ title: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        guard let text = ofpPrint(m) else { return "" }
        let lower = text.lowercased()
        let clean =
            text.contains(title) && text.contains("(OF1.4)") && !lower.contains("decode error")
            && !lower.replacingOccurrences(of: "ofpt_error", with: "").contains("error") && !text.contains("***")
            && !lower.contains("warn") && !lower.contains("bad ")
        #expect(clean, "ovs-ofctl did not decode \(hex(m.bytes)) cleanly:\n\(text)", sourceLocation: sourceLocation)
        return text
    }

    // MARK: Generators of messages OVS accepts (consistent prerequisites, supported fields).

    struct ValidGen {
        var g: Gen

        mutating func match() -> Match {
            var f = [OXMField]()
            if g.bool() { f.append(OXMField(.inPort, UInt128(g.int(1...1000)))) }
            if g.bool() {
                f.append(
                    OXMField(.ethDst, UInt128(g.u64() & 0xFEFF_FFFF_0000), mask: g.bool() ? 0xFFFF_FFFF_0000 : nil))
            }
            if g.bool() { f.append(OXMField(.vlanVID, 0x1000 | UInt128(g.int(1...4094)))) }
            if g.bool() { f.append(OXMField(.reg(g.int(0...15)), UInt128(g.u32()))) }
            let tracked = g.bool()
            if tracked { f.append(OXMField(.ctState, 0x21, mask: 0x21)) }
            if g.bool() { f.append(OXMField(.ctMark, UInt128(g.u32() & 0xFF), mask: 0xFF)) }
            if g.bool() { f.append(OXMField(.pktMark, UInt128(g.u32()))) }
            if g.bool() { f.append(OXMField(.tunID, UInt128(g.u64()))) }
            if g.bool() {
                let mask = g.u64()
                f.append(OXMField(.metadata, UInt128(g.u64() & mask), mask: UInt128(mask)))
            }
            switch g.int(0...4) {
            case 0:
                f.append(OXMField(.ethType, 0x0800))
                f.append(OXMField(.ipv4Src, UInt128(g.u32() & 0xFFFF_FF00), mask: 0xFFFF_FF00))
                switch g.int(0...2) {
                case 0:
                    f.append(OXMField(.ipProto, 6))
                    f.append(OXMField(.tcpDst, UInt128(g.u16())))
                    if g.bool() { f.append(OXMField(.onfTCPFlags, 2, mask: 0x12)) }
                case 1:
                    f.append(OXMField(.ipProto, 17))
                    f.append(OXMField(.udpSrc, UInt128(g.u16())))
                default:
                    f.append(OXMField(.ipProto, 1))
                    f.append(OXMField(.icmpv4Type, 8))
                }
            case 1:
                f.append(OXMField(.ethType, 0x86DD))
                f.append(OXMField(.ipv6Dst, UInt128(g.u64()) << 64 | 1))
                f.append(OXMField(.ipProto, 58))
                f.append(OXMField(.icmpv6Type, 135))
                f.append(OXMField(.ipv6NDTarget, UInt128(g.u64())))
            case 2:
                f.append(OXMField(.ethType, 0x0806))
                f.append(OXMField(.arpOp, 1))
                f.append(OXMField(.arpTPA, UInt128(g.u32())))
            case 3:
                f.append(OXMField(.ethType, 0x0800))
                if !tracked { f.append(OXMField(.ctState, 0x22, mask: 0x22)) }
                f.append(OXMField(.ctNWProto, 6))
            default: break
            }
            return Match(f)
        }

        /// `ip`: whether the match pins an IP ethertype (conntrack needs one).
        mutating func action(ip: Bool) -> Action {
            switch g.int(0...14) {
            case 0: return .output(port: PortNumber(UInt32(g.int(1...0xFF00))), maxLength: 0)
            case 1: return .output(port: .controller, maxLength: UInt16(g.int(0...0xFFE5)))
            case 2: return .group(UInt32(g.int(0...1000)))
            case 3: return .setQueue(g.u32())
            case 4: return .setField(OXMField(.reg(g.int(0...15)), UInt128(g.u32())))
            case 5: return .nicira(.resubmitTable(inPort: 0xFFF8, table: UInt8(g.int(0...253))))
            case 6 where ip:
                return .nicira(
                    .ct(
                        .init(
                            flags: .commit, zone: .immediate(g.u16()), recirculateTable: UInt8(g.int(0...253)),
                            actions: [.setField(OXMField(.ctMark, UInt128(g.u32())))])))
            case 7: return .nicira(.note([1, 2, 3, 4, 5, 6]))
            case 8:
                return .nicira(
                    .regMove(
                        .init(nBits: 16, srcOffset: 0, dstOffset: 16, src: OXMHeader(.reg(1)), dst: OXMHeader(.reg(2))))
                )
            case 9:
                return .nicira(.regLoad(.init(offset: 0, nBits: 32, dst: OXMHeader(.reg(3)), value: UInt64(g.u32()))))
            case 10: return .nicira(.controller(maxLength: 128, controllerID: g.u16(), reason: 1))
            case 11: return .nicira(.conjunction(id: g.u32(), clause: 0, clauses: 2))
            case 12: return .nicira(.ctClear)
            case 13: return .nicira(.setTunnel64(g.u64()))
            default: return .pushVLAN(ethertype: 0x8100)
            }
        }

        mutating func flowMod() -> FlowMod {
            let conj = g.int(0...5) == 0
            let m = match()
            let ip = m.fields.contains {
                $0.id == .ethType && ($0.value.integer == 0x0800 || $0.value.integer == 0x86DD)
            }
            var actions = g.list(1...4) { _ in Action.output(port: 1) }
            actions = actions.map { _ in action(ip: ip) }
            if !conj {
                actions.removeAll { if case .nicira(.conjunction) = $0 { return true } else { return false } }
            } else {
                actions = [.nicira(.conjunction(id: g.u32(), clause: 0, clauses: 2))]
            }
            return FlowMod(
                command: g.pick([.add, .modify, .modifyStrict, .delete, .deleteStrict]), tableID: UInt8(g.int(0...253)),
                priority: g.u16(), match: m,
                instructions: !conj && g.bool() ? [.applyActions(actions), .gotoTable(254)] : [.applyActions(actions)],
                cookie: g.u64() >> 1, idleTimeout: g.u16(), hardTimeout: g.u16(),
                flags: g.bool() ? .sendFlowRemoved : [], importance: g.u16())
        }
    }

    static func parseDecimal(after key: String, in text: String) -> UInt64? {
        guard let r = text.range(of: key) else { return nil }
        return UInt64(text[r.upperBound...].prefix { $0.isNumber })
    }

    @Test func flowModsDecodeInOVS() throws {
        var v = ValidGen(g: Gen(seed: 11))
        for i in 0..<150 {
            let fm = v.flowMod()
            let m = OFMessage(xid: UInt32(i), .flowMod(fm))
            let text = Self.expectClean(m, "OFPT_FLOW_MOD")
            if fm.priority != 0x8000, fm.command != .delete {
                #expect(Self.parseDecimal(after: "priority=", in: text) == UInt64(fm.priority), "\(text)")
            }
            if fm.tableID != 0 { #expect(text.contains("table:\(fm.tableID)"), "\(text)") }
            if fm.match[.tcpDst] != nil { #expect(text.contains("tp_dst="), "\(text)") }
        }
    }

    @Test func groupModsDecodeInOVS() {
        var v = ValidGen(g: Gen(seed: 12))
        for i in 0..<40 {
            let type = v.g.pick([GroupType.all, .select, .indirect, .fastFailover])
            let n = type == .indirect ? 1 : v.g.int(1...4)
            let buckets = (0..<n).map { _ in
                Bucket(
                    weight: type == .select ? UInt16(v.g.int(1...100)) : 0,
                    watchPort: type == .fastFailover ? PortNumber(UInt32(v.g.int(1...100))) : .any,
                    actions: [
                        .setField(OXMField(.ethDst, UInt128(v.g.u64() & 0xFEFF_FFFF_FFFF))),
                        .output(port: PortNumber(UInt32(v.g.int(1...100)))),
                    ])
            }
            let gm = GroupMod(command: .add, type: type, groupID: UInt32(v.g.int(0...1000)), buckets: buckets)
            let text = Self.expectClean(OFMessage(xid: UInt32(i), .groupMod(gm)), "OFPT_GROUP_MOD")
            #expect(text.contains("group_id=\(gm.groupID)"), "\(text)")
            #expect(text.contains("bucket="), "\(text)")
        }
    }

    @Test func packetOutsDecodeInOVS() {
        var v = ValidGen(g: Gen(seed: 13))
        for i in 0..<40 {
            let po = PacketOut(
                inPort: v.g.bool() ? .controller : PortNumber(UInt32(v.g.int(1...100))),
                actions: [
                    .output(port: PortNumber(UInt32(v.g.int(1...100)))),
                    .nicira(.resubmitTable(inPort: 0xFFF8, table: 3)),
                ],
                data: v.g.buffer(v.g.int(14...64)))
            let text = Self.expectClean(OFMessage(xid: UInt32(i), .packetOut(po)), "OFPT_PACKET_OUT")
            #expect(text.contains("actions=output:"), "\(text)")
        }
    }

    @Test func multipartRequestsDecodeInOVS() {
        var v = ValidGen(g: Gen(seed: 14))
        let bodies: [MultipartRequest.Body] = [
            .desc, .flow(FlowStatsRequest(tableID: 3, match: v.match())),
            .aggregate(FlowStatsRequest(match: v.match())), .table,
            .portStats(port: .any), .portStats(port: 7), .queueStats(port: .any, queueID: 0xFFFF_FFFF),
            .group(groupID: GroupID.all),
            .groupDesc, .groupFeatures, .meter(meterID: MeterID.all), .meterConfig(meterID: 5), .meterFeatures,
            .tableFeatures([]),
            .portDesc, .tableDesc, .queueDesc(port: .any, queueID: 0xFFFF_FFFF),
            .flowMonitor(
                FlowMonitorRequest(
                    monitorID: 1, flags: [.initial, .add, .removed, .modify, .instructions], match: v.match())),
        ]
        for (i, body) in bodies.enumerated() {
            let text = Self.expectClean(
                OFMessage(xid: UInt32(i), .multipartRequest(MultipartRequest(body))), " request (OF1.4)")
            if case .flow(let r) = body { #expect(text.contains("table=\(r.tableID)"), "\(text)") }
        }
    }

    @Test func bundleMessagesDecodeInOVS() {
        var v = ValidGen(g: Gen(seed: 15))
        for i in 0..<30 {
            let xid = UInt32(1000 + i)
            let ctl = BundleControl(
                bundleID: UInt32(i), type: v.g.pick([.openRequest, .closeRequest, .commitRequest, .discardRequest]),
                flags: v.g.bool() ? [.atomic, .ordered] : .atomic)
            let ctlText = Self.expectClean(OFMessage(xid: xid, .bundleControl(ctl)), "OFPT_BUNDLE_CONTROL")
            #expect(
                ctlText.contains("bundle_id=\(String(format: "%#x", ctl.bundleID))")
                    || ctlText.contains("bundle_id=\(ctl.bundleID)"), "\(ctlText)")
            let inner = OFMessage(xid: xid, .flowMod(v.flowMod()))
            Self.expectClean(
                OFMessage(xid: xid, .bundleAdd(BundleAdd(bundleID: UInt32(i), flags: .atomic, message: inner))),
                "OFPT_BUNDLE_ADD_MESSAGE")
        }
    }

    @Test func otherRequestsDecodeInOVS() {
        let messages: [(OFMessage, String)] = [
            (OFMessage(xid: 1, .hello(Hello(versions: [1, 4, 5]))), "OFPT_HELLO"),
            (OFMessage(xid: 2, .echoRequest(ByteBuffer(bytes: [1, 2, 3]))), "OFPT_ECHO_REQUEST"),
            (OFMessage(xid: 3, .featuresRequest), "OFPT_FEATURES_REQUEST"),
            (OFMessage(xid: 4, .setConfig(SwitchConfig(flags: [], missSendLength: 128))), "OFPT_SET_CONFIG"),
            (OFMessage(xid: 5, .barrierRequest), "OFPT_BARRIER_REQUEST"),
            (OFMessage(xid: 6, .roleRequest(RoleMessage(role: .master, generationID: 9))), "OFPT_ROLE_REQUEST"),
            (
                OFMessage(
                    xid: 7,
                    .portMod(
                        PortMod(
                            portNumber: 3, hardwareAddress: EthernetAddress(0x0A00_0000_0001), config: .noPacketIn,
                            mask: .noPacketIn, properties: [.ethernet(advertise: [.rate10GbFD])]))), "OFPT_PORT_MOD"
            ),
            (
                OFMessage(
                    xid: 8, .tableMod(TableMod(tableID: 1, config: .eviction, properties: [.eviction(flags: 2)]))),
                "OFPT_TABLE_MOD"
            ),
            (
                OFMessage(
                    xid: 9,
                    .meterMod(
                        MeterMod(
                            command: .add, flags: [.kbps, .burst, .stats], meterID: 7,
                            bands: [.drop(rate: 1000, burstSize: 100)]))), "OFPT_METER_MOD"
            ),
            (
                OFMessage(
                    xid: 10,
                    .setAsync(AsyncConfig(properties: [.mask(.packetInMaster, 7), .mask(.portStatusMaster, 7)]))),
                "OFPT_SET_ASYNC"
            ),
            (OFMessage(xid: 11, .getAsyncRequest), "OFPT_GET_ASYNC_REQUEST"),
            (
                OFMessage(
                    xid: 12,
                    .error(
                        .standard(.bundleFailed(.messageUnsupported), data: OFMessage(xid: 12, .barrierRequest).bytes))),
                "OFPT_ERROR"
            ),
        ]
        for (m, title) in messages {
            Self.expectClean(m, title)
        }
        let meter = Self.expectClean(messages[8].0, "OFPT_METER_MOD")
        #expect(meter.contains("meter=7"), "\(meter)")
        let err = Self.expectClean(messages[11].0, "OFPT_ERROR")
        #expect(err.contains("OFPBFC_MSG_UNSUP"), "\(err)")
    }

    /// Replies and asynchronous messages a switch sends, encoded by us, decoded by OVS.
    @Test func switchMessagesDecodeInOVS() {
        let port = PortDescription(
            portNumber: 3, hardwareAddress: EthernetAddress(0x0A00_0000_0003), name: "veth3",
            state: .live,
            properties: [
                .ethernet(
                    .init(
                        current: [.rate10GbFD, .copper],
                        currentSpeedKbps: 10_000_000, maxSpeedKbps: 10_000_000))
            ])
        let tcp = Match([
            OXMField(.inPort, 3), OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, 22),
        ])
        let messages: [(OFMessage, String, String)] = [
            (FlowStatsFixture.flowStatsReply(entries: 20), "OFPST_FLOW reply", "n_packets=57"),
            (
                OFMessage(
                    xid: 2,
                    .featuresReply(
                        FeaturesReply(
                            datapathID: 0xABC, nBuffers: 0, nTables: 254,
                            capabilities: [.flowStats, .tableStats, .portStats, .groupStats]))),
                "OFPT_FEATURES_REPLY", "dpid:0000000000000abc"
            ),
            (OFMessage(xid: 3, .multipartReply(MultipartReply(.portDesc([port])))), "OFPST_PORT_DESC reply", "veth3"),
            (OFMessage(xid: 4, .portStatus(PortStatus(reason: .add, port: port))), "OFPT_PORT_STATUS", "ADD"),
            (
                OFMessage(
                    xid: 5,
                    .packetIn(
                        PacketIn(
                            totalLength: 14, reason: .applyAction, tableID: 2, cookie: 7, match: tcp,
                            data: ByteBuffer(bytes: [UInt8](repeating: 0xAB, count: 14))))), "OFPT_PACKET_IN",
                "table_id=2"
            ),
            (
                OFMessage(
                    xid: 6,
                    .flowRemoved(
                        FlowRemoved(
                            cookie: 9, priority: 5, reason: .idleTimeout, tableID: 1, durationSec: 3,
                            idleTimeout: 10, packetCount: 4, byteCount: 400, match: tcp))),
                "OFPT_FLOW_REMOVED", "idle"
            ),
            (
                OFMessage(
                    xid: 7,
                    .multipartReply(
                        MultipartReply(
                            .table([TableStats(tableID: 0, activeCount: 3, lookupCount: 10, matchedCount: 8)])))),
                "OFPST_TABLE reply", "active=3"
            ),
            (
                OFMessage(
                    xid: 8,
                    .multipartReply(
                        MultipartReply(
                            .groupDesc([
                                GroupDescription(
                                    type: .select, groupID: 4,
                                    buckets: [
                                        Bucket(weight: 5, actions: [.output(port: 1)]),
                                        Bucket(weight: 6, actions: [.output(port: 2)]),
                                    ])
                            ])))), "OFPST_GROUP_DESC reply", "group_id=4"
            ),
            (
                OFMessage(xid: 9, .roleReply(RoleMessage(role: .master, generationID: 3))), "OFPT_ROLE_REPLY",
                "generation_id=3"
            ),
            (
                OFMessage(
                    xid: 10,
                    .multipartReply(
                        MultipartReply(
                            .desc(
                                SwitchDescription(
                                    manufacturer: "Switchboard", hardware: "hw",
                                    software: "sw", serialNumber: "1", datapath: "br0"))))),
                "OFPST_DESC reply", "Switchboard"
            ),
        ]
        for (m, title, expected) in messages {
            let text = Self.expectClean(m, title)
            #expect(text.contains(expected), "expected \(expected) in:\n\(text)")
        }
    }
}
