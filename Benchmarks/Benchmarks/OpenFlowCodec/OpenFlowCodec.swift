import Benchmark
import NIOCore
import OpenFlow

/// The codec's speed bar: FLOW_MOD encode (6-field match, 3 actions) into a reused buffer with
/// no allocation per message, and decoding a 1,000-entry flow-stats reply.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .instructions], maxDuration: .seconds(3))

    let flowMod = OFMessage(
        xid: 9,
        .flowMod(
            FlowMod(
                tableID: 0, priority: 100,
                match: Match([
                    OXMField(.inPort, 1), OXMField(.ethType, 0x0800), OXMField(.ipProto, 6),
                    OXMField(.ipv4Src, 0x0a00_0001), OXMField(.ipv4Dst, 0xc633_6403), OXMField(.tcpDst, 45),
                ]),
                instructions: [
                    .applyActions([
                        .setField(OXMField(.ethDst, 0x0000_0a0b_0c0d)), .setField(OXMField(.tcpDst, 22)),
                        .output(port: 3),
                    ])
                ])))

    // One iteration = 1,000 messages into a reused buffer: messages/s = 1,000 × throughput, and
    // the malloc count is per 1,000 messages.
    Benchmark("FLOW_MOD encode (6-field match, 3 actions) x1000") { benchmark in
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            buffer.clear()
            for _ in 0..<1000 { flowMod.write(into: &buffer) }
            blackHole(buffer.readableBytes)
        }
    }

    var stats: [FlowStats] = []
    for i in 0..<1000 {
        stats.append(
            FlowStats(
                tableID: UInt8(i % 10), durationSec: UInt32(i), durationNSec: 5, priority: UInt16(i), idleTimeout: 10,
                cookie: UInt64(i), packetCount: UInt64(i * 3), byteCount: UInt64(i * 100),
                match: Match([
                    OXMField(.inPort, UInt128(i % 48 + 1)), OXMField(.ethType, 0x0800),
                    OXMField(.ipv4Dst, UInt128(0x0a00_0000 + i << 8), mask: 0xffff_ff00),
                ]),
                instructions: [.applyActions([.output(port: PortNumber(UInt32(i % 48 + 1)))])]))
    }
    // 1,000 entries do not fit one 64 KiB message: a switch sends them as parts with REPLY_MORE.
    var replies = OFMessage(xid: 1, .multipartReply(MultipartReply(flags: .more, .flow(Array(stats[0..<500]))))).bytes
    OFMessage(xid: 1, .multipartReply(MultipartReply(.flow(Array(stats[500...]))))).write(into: &replies)

    // One iteration = the 1,000 entries decoded: entries/s = 1,000 × throughput.
    Benchmark("FLOW stats reply decode (1,000 entries in 2 parts)") { benchmark in
        for _ in benchmark.scaledIterations {
            var buffer = replies
            var count = 0
            while buffer.readableBytes > 0 {
                let message = try OFMessage.read(from: &buffer)
                guard case .multipartReply(let multipart) = message.body, case .flow(let flows) = multipart.body else {
                    throw BenchmarkInputError()
                }
                count += flows.count
            }
            blackHole(count)
        }
    }
}

struct BenchmarkInputError: Error {}
