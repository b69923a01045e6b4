import NIOCore
import Testing

@testable import OpenFlow

/// OFPMP_FLOW_MONITOR request and reply bodies byte by byte, as OpenFlow 1.4 (section 7.3.5.19)
/// lays them out: what `ofctl monitor … watch:` sends and the updates it reads.
@Suite struct FlowMonitorLayoutTests {
    static func hex(_ s: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            bytes.append(UInt8(s[i..<j], radix: 16) ?? 0)  // a typo fails the comparison
            i = j
        }
        return bytes
    }

    @Test func requestLayout() throws {
        let request = FlowMonitorRequest(
            monitorID: 1, outPort: 2, flags: [.initial, .add, .removed, .modify, .instructions, .onlyOwn], tableID: 1,
            match: Match([OXMField(.ethType, 0x0800)]))
        let message = OFMessage(xid: 7, .multipartRequest(MultipartRequest(.flowMonitor(request))))
        let want = Self.hex(
            "05120030" + "00000007"  // header: version, MULTIPART_REQUEST, length 48, xid
                + "0010" + "0000" + "00000000"  // OFPMP_FLOW_MONITOR, flags, pad
                + "00000001" + "00000002" + "ffffffff"  // monitor_id, out_port, out_group (ANY)
                + "005f" + "01" + "00"  // flags, table_id, command ADD
                + "0001000a" + "80000a020800" + "000000000000")  // OXM match eth_type=0x0800, padded to 8
        #expect(Array(message.bytes.readableBytesView) == want)
        #expect(try OFMessage(bytes: ByteBuffer(bytes: want)) == message)
    }

    @Test func updateLayouts() throws {
        let full = FlowUpdate.Full(
            event: .removed, tableID: 1, reason: 2, idleTimeout: 10, hardTimeout: 20, priority: 100, cookie: 0x2a,
            match: Match([OXMField(.ethType, 0x0800)]), instructions: [.applyActions([.output(port: 2)])])
        let message = OFMessage(
            xid: 0, .multipartReply(MultipartReply(.flowMonitor([.full(full), .abbreviated(xid: 0x4d2), .paused]))))
        let want = Self.hex(
            "05130060" + "00000000" + "0010" + "0000" + "00000000"  // header, OFPMP_FLOW_MONITOR, flags, pad
                + "0040" + "0002" + "01" + "02" + "000a" + "0014"  // length 64, REMOVED, table, reason, idle, hard
                + "0064" + "00000000" + "000000000000002a"  // priority, zeros, cookie
                + "0001000a" + "80000a020800" + "000000000000"  // match
                + "00040018" + "00000000" + "00000010" + "00000002" + "ffff" + "000000000000"  // apply output:2
                + "0008" + "0004" + "000004d2"  // ABBREV: length 8, event, xid
                + "0008" + "0005" + "00000000")  // PAUSED: length 8, event, zeros
        #expect(Array(message.bytes.readableBytesView) == want)
        #expect(try OFMessage(bytes: ByteBuffer(bytes: want)) == message)
    }
}
