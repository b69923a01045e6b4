import OpenFlow
import Testing

@testable import OpenFlowText

/// The dump-flows byte writer must print exactly FlowFormatter's line for every entry.
@Suite("Flow dump writer")
struct FlowDumpWriterTests {
    static func expected(_ f: FlowStats, showStats: Bool) -> String {
        " " + FlowFormatter.format(f, showStats: showStats) + "\n"
    }

    static func written(_ f: FlowStats, showStats: Bool) -> String {
        var out: [UInt8] = []
        FlowDumpWriter.appendLine(f, showStats: showStats, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("hand-made entries: field orders, masks, reserved ports, other actions")
    func handMade() {
        let matches: [[OXMField]] = [
            [],
            [
                OXMField(.ipv4Src, 0x0a00_0001), OXMField(.ethType, 0x0800), OXMField(.ipProto, 6),
                OXMField(.tcpDst, 80),
            ],
            [OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a00_0000, mask: 0xff00_ff00)],
            [OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a01_0001, mask: 0xffff_0000)],
            [OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a01_0001, mask: 0xffff_ffff)],
            [OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a01_0001, mask: 0)],
            [OXMField(.inPort, 0xffff_fffe)], [OXMField(.inPort, 7), OXMField(.ethSrc, 0x0011_2233_4455)],
            [OXMField(.ethType, 0x86DD), OXMField(.ipProto, 58)], [OXMField(.ethType, 0x86DD), OXMField(.ipProto, 1)],
            [OXMField(.ethType, 0x0800), OXMField(.ipProto, 58)], [OXMField(.ethType, 0x88cc)],
            [OXMField(.ethType, 0x0806)],
            [OXMField(.ethType, 0x0800), OXMField(.ipProto, 1), OXMField(.icmpv4Type, 8)],
            [OXMField(.ethType, 0x0800), OXMField(.ipProto, 17), OXMField(.udpSrc, 53), OXMField(.udpDst, 1)],
            [OXMField(.ethType, 0x0800), OXMField(.ipProto, 132), OXMField(.sctpDst, 1)],
            [OXMField(.vlanVID, 0x1005), OXMField(.ethType, 0x0800)],
            [OXMField(.ethDst, 0x0100_0000_0000, mask: 0x0100_0000_0000)],
        ]
        let actions: [[Instruction]] = [
            [], [.applyActions([.output(port: 1, maxLength: 0)])],
            [.applyActions([.output(port: .normal, maxLength: 0), .output(port: 4_000_000_000, maxLength: 0)])],
            [.applyActions([.output(port: .controller, maxLength: 0xffff)])],
            [.applyActions([.setField(OXMField(.ipv4Src, 1)), .output(port: 2, maxLength: 0)]), .gotoTable(3)],
            [.gotoTable(1)], [.applyActions([])],
        ]
        for (i, fields) in matches.enumerated() {
            for (j, instructions) in actions.enumerated() {
                let f = FlowStats(
                    tableID: UInt8(i), durationSec: UInt32(i * 7),
                    durationNSec: UInt32([0, 1_000_000, 1_500, 999_999_999][j % 4]),
                    priority: [0x8000, 0, 65535, 17][i % 4], idleTimeout: UInt16(j), hardTimeout: UInt16(i),
                    flags: j == 2 ? [.sendFlowRemoved] : [], importance: UInt16(i % 3), cookie: UInt64(i * j) << 40,
                    packetCount: UInt64(i) * 1_000_003, byteCount: .max, match: Match(fields),
                    instructions: instructions)
                for showStats in [true, false] {
                    #expect(Self.written(f, showStats: showStats) == Self.expected(f, showStats: showStats))
                }
            }
        }
    }

    @Test("entries of generated flow lines print as FlowFormatter prints them")
    func generated() {
        var rng = SplitMix(seed: 0xD0_4D_F1_0E)
        var compared = 0
        for n in 0..<20_000 {
            let line = FlowLineFastPathTests.line(&rng)
            guard let mod = try? FlowParser.parseGeneral(line) else { continue }
            let f = FlowStats(
                tableID: mod.tableID, durationSec: UInt32(rng.below(100_000)),
                durationNSec: UInt32(rng.below(1_000_000_000)), priority: mod.priority, idleTimeout: mod.idleTimeout,
                hardTimeout: mod.hardTimeout, flags: mod.flags, importance: mod.importance, cookie: mod.cookie,
                packetCount: UInt64(rng.below(1 << 40)), byteCount: UInt64(rng.below(1 << 50)), match: mod.match,
                instructions: mod.instructions)
            let showStats = n % 3 != 0
            let written = Self.written(f, showStats: showStats)
            #expect(written == Self.expected(f, showStats: showStats), "\(line)")
            if written != Self.expected(f, showStats: showStats) { break }
            compared += 1
        }
        #expect(compared > 2_000, "compared \(compared)")
    }
}
