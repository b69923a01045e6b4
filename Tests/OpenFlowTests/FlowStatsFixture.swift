import NIOCore

@testable import OpenFlow

/// A flow-stats reply with `entries` varied entries, for decode and printing tests.
enum FlowStatsFixture {
    static func flowStatsReply(entries: Int, first: Int = 0, more: Bool = false) -> OFMessage {
        var stats = [FlowStats]()
        for i in first..<(first + entries) {
            stats.append(
                FlowStats(
                    tableID: UInt8(i % 10), durationSec: UInt32(i), durationNSec: 5, priority: UInt16(i % 65535),
                    idleTimeout: 10, cookie: UInt64(i), packetCount: UInt64(i * 3), byteCount: UInt64(i * 100),
                    match: Match([
                        OXMField(.inPort, UInt128(i % 48 + 1)), OXMField(.ethType, 0x0800),
                        OXMField(.ipv4Dst, UInt128(0x0A00_0000 + (i & 0xFFFF) << 8), mask: 0xFFFF_FF00),
                    ]),
                    instructions: [.applyActions([.output(port: PortNumber(UInt32(i % 48 + 1)))])]))
        }
        return OFMessage(xid: 1, .multipartReply(MultipartReply(flags: more ? .more : [], .flow(stats))))
    }
}
