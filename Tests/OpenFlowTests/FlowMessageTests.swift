import NIOCore
import Testing

@testable import OpenFlow

@Suite struct FlowMessageTests {
    static let tcpMatch = Match([
        OXMField(.inPort, 1), OXMField(.ethType, 0x0800), OXMField(.ipProto, 6),
        OXMField(.ipv4Dst, 0x0A00_0000, mask: 0xFF00_0000), OXMField(.tcpDst, 443),
    ])

    @Test func flowModRoundTrip() throws {
        let fm = FlowMod(
            command: .modifyStrict, tableID: 3, priority: 100, match: Self.tcpMatch,
            instructions: [
                .applyActions([.nicira(.ct(.init(flags: .commit, zone: .immediate(1), recirculateTable: 4)))]),
                .gotoTable(4),
            ],
            cookie: 0xC0FFEE, cookieMask: .max, idleTimeout: 10, hardTimeout: 20,
            flags: [.sendFlowRemoved, .checkOverlap],
            importance: 7)
        let m = OFMessage(xid: 99, .flowMod(fm))
        #expect(try roundTrip(m) == m)
    }

    @Test func groupModRoundTrip() throws {
        let g = GroupMod(
            command: .add, type: .select, groupID: 5,
            buckets: [
                Bucket(weight: 10, actions: [.output(port: 1)]),
                Bucket(
                    weight: 20, watchPort: 2, watchGroup: 3,
                    actions: [.setField(OXMField(.ethDst, 0x0000_1122_3344)), .output(port: 2)]),
                Bucket(actions: []),
            ])
        let m = OFMessage(xid: 1, .groupMod(g))
        #expect(try roundTrip(m) == m)
        // A bucket that claims more bytes than the message holds.
        var bytes = Array(m.bytes.readableBytesView)
        bytes[17] = 0xF0
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: bytes)) } == .groupModFailed(.badBucket))
    }

    @Test func packetInOutRemovedStatus() throws {
        let all: [OFMessage] = [
            OFMessage(
                xid: 1,
                .packetIn(
                    PacketIn(
                        totalLength: 60, reason: .applyAction, tableID: 2, cookie: 5,
                        match: Match([OXMField(.inPort, 7), OXMField(.tunID, 9)]),
                        data: ByteBuffer(bytes: Array(0..<60))))),
            OFMessage(
                xid: 2,
                .packetOut(
                    PacketOut(
                        inPort: .controller, actions: [.output(port: .table)], data: ByteBuffer(bytes: [1, 2, 3])))),
            OFMessage(xid: 3, .packetOut(PacketOut(bufferID: 5, inPort: 3, actions: []))),
            OFMessage(
                xid: 4,
                .flowRemoved(
                    FlowRemoved(
                        cookie: 1, priority: 2, reason: .delete, tableID: 3, durationSec: 4,
                        durationNSec: 5, idleTimeout: 6, hardTimeout: 7, packetCount: 8,
                        byteCount: 9, match: Self.tcpMatch))),
            OFMessage(
                xid: 5,
                .portStatus(
                    PortStatus(
                        reason: .modify,
                        port: PortDescription(
                            portNumber: 3, hardwareAddress: EthernetAddress(0x0A0B_0C0D_0E0F), name: "veth0",
                            config: .noPacketIn, state: .live,
                            properties: [
                                .ethernet(
                                    .init(
                                        current: [.rate10GbFD, .copper], currentSpeedKbps: 10_000_000,
                                        maxSpeedKbps: 10_000_000)),
                                .optical(.init(supported: 1, txPowerMax: 3)),
                                .experimenter(
                                    ExperimenterProperty(
                                        experimenter: 1, expType: 2, data: ByteBuffer(bytes: [1, 2, 3, 4]))),
                                .unknown(RawProperty(type: 9, payload: ByteBuffer(bytes: [5]))),
                            ])))),
        ]
        for m in all { #expect(try roundTrip(m) == m) }
        if case .packetIn(let p) = all[0].body { #expect(p.inPort == 7) }
    }

    @Test func packetOutActionsLengthOverrun() {
        // actions_len says 16 but only 8 bytes follow.
        let b: [UInt8] = [
            5, 13, 0, 32, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFD, 0, 16, 0, 0, 0, 0, 0, 0,
            0, 11, 0, 8, 0, 0, 0, 0,
        ]
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: b)) } == .badAction(.badLen))
    }

    /// The OVS-generated OF1.3 flow mods with Nicira actions have the OF1.4 layout (importance
    /// replaces padding), so with the version byte rewritten they must round-trip and decode
    /// to the actions ovs-ofctl printed.
    @Test func ovsNiciraActionsFromCorpus() throws {
        let byName = Dictionary(uniqueKeysWithValues: Corpus.entries("ryu-of13").map { ($0.name, $0.bytes) })
        func actions(_ name: String) throws -> [Action] {
            var bytes = try #require(byName["ovs-ofctl-of13-\(name).packet"])
            bytes[0] = 5
            let m = try OFMessage(bytes: ByteBuffer(bytes: bytes))
            #expect(m.bytes == ByteBuffer(bytes: bytes))
            guard case .flowMod(let fm) = m.body, case .applyActions(let a)? = fm.instructions.first else { return [] }
            return a
        }
        #expect(
            try actions("action_ct_nat") == [
                .nicira(
                    .ct(
                        .init(
                            flags: .commit,
                            actions: [
                                .nicira(
                                    .nat(
                                        .init(
                                            flags: .src, ipv4Min: 0x0A01_0C00, ipv4Max: 0x0A01_0DFF, portMin: 1,
                                            portMax: 1023)))
                            ])))
            ])
        #expect(try actions("action_note") == [.nicira(.note([4, 5, 6, 7, 0, 0]))])
        #expect(try actions("action_dec_ttl_cnt_ids") == [.nicira(.decTTLControllerIDs([1, 2, 3, 4, 5]))])
        #expect(
            try actions("action_controller2") == [
                .nicira(
                    .controller2([
                        .maxLength(1024), .controllerID(10), .reason(5),
                        .userdata([1, 2, 3, 4, 5]), .pause,
                    ]))
            ])
        #expect(try actions("action_ct_clear") == [.nicira(.ctClear)])
        #expect(try actions("action_conjunction").contains(.nicira(.conjunction(id: 0xABCDEF, clause: 0, clauses: 2))))
    }
}
