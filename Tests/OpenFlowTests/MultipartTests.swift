import NIOCore
import Testing

@testable import OpenFlow

@Suite struct MultipartTests {
    @Test func moreFlagsAndBodies() throws {
        let messages: [OFMessage] = [
            OFMessage(
                xid: 1,
                .multipartRequest(
                    MultipartRequest(
                        flags: .more, .flow(FlowStatsRequest(tableID: 1, match: FlowMessageTests.tcpMatch))))),
            OFMessage(
                xid: 2,
                .multipartReply(
                    MultipartReply(
                        flags: .more,
                        .flow([
                            FlowStats(tableID: 0, priority: 1, match: Match(), instructions: []),
                            FlowStats(
                                tableID: 3, durationSec: 5, priority: 9, flags: .sendFlowRemoved, importance: 4,
                                cookie: 7,
                                packetCount: 1, byteCount: 2, match: FlowMessageTests.tcpMatch,
                                instructions: [.gotoTable(4)]),
                        ])))),
            OFMessage(
                xid: 3,
                .multipartReply(
                    MultipartReply(
                        .desc(
                            SwitchDescription(
                                manufacturer: "Nicira, Inc.", hardware: "Open vSwitch",
                                software: "3.1", serialNumber: "None", datapath: "br0"))))),
            OFMessage(
                xid: 4,
                .multipartReply(
                    MultipartReply(
                        .flowMonitor([
                            .full(
                                .init(
                                    event: .added, tableID: 1, priority: 5, match: Match([OXMField(.inPort, 1)]),
                                    instructions: [.clearActions])),
                            .abbreviated(xid: 9), .paused, .resumed,
                        ])))),
            OFMessage(
                xid: 5,
                .multipartRequest(
                    MultipartRequest(.flowMonitor(FlowMonitorRequest(monitorID: 1, flags: [.initial, .add]))))),
            OFMessage(
                xid: 6,
                .multipartReply(
                    MultipartReply(
                        .portDesc([
                            PortDescription(portNumber: .local, hardwareAddress: EthernetAddress(1), name: "br0")
                        ])))),
        ]
        for m in messages { #expect(try roundTrip(m) == m) }
    }

    @Test func unknownMultipartTypeIsBadMultipart() {
        let b: [UInt8] = [5, 18, 0, 16, 0, 0, 0, 1, 0, 99, 0, 0, 0, 0, 0, 0]
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: b)) } == .badRequest(.badMultipart))
    }

    @Test func flowStatsEntryOverrunIsBadLen() throws {
        let m = OFMessage(
            xid: 2,
            .multipartReply(
                MultipartReply(.flow([FlowStats(tableID: 0, priority: 1, match: Match(), instructions: [])]))))
        var bytes = Array(m.bytes.readableBytesView)
        bytes[17] = 0x60  // entry length 96 in a 56-byte entry
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: bytes)) } == .badRequest(.badLen))
        bytes[17] = 0x20  // entry length 32: below the fixed part
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: bytes)) } == .badRequest(.badLen))
    }

    /// Flow-stats instructions are validated at decode time even though they are materialised
    /// lazily: a bad action is still a typed error from `read`.
    @Test func lazyInstructionsAreValidatedOnDecode() throws {
        let stats = FlowStats(
            tableID: 1, priority: 2, match: Match([OXMField(.inPort, 1)]),
            instructions: [
                .applyActions([.output(port: 1), .nicira(.resubmitTable(inPort: 0xFFF8, table: 2))]), .gotoTable(3),
            ])
        let m = OFMessage(xid: 2, .multipartReply(MultipartReply(.flow([stats]))))
        let decoded = try OFMessage(bytes: m.bytes)
        guard case .multipartReply(let r) = decoded.body, case .flow(let list) = r.body else {
            Issue.record("not a flow reply")
            return
        }
        #expect(list[0].instructions == stats.instructions)
        #expect(list[0] == stats)
        #expect(list[0].hashValue == stats.hashValue)
        var bytes = Array(m.bytes.readableBytesView)
        // Entry at 16: fixed 48 bytes, match 16 bytes, then the apply-actions instruction at 80;
        // its first action's type is at 88.
        bytes[89] = 99
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: bytes)) } == .badAction(.badType))
        bytes = Array(m.bytes.readableBytesView)
        bytes[91] = 0x40
        #expect(errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: bytes)) } == .badAction(.badLen))
    }
}
