import NIOCore
import Testing

@testable import OpenFlow

@Suite struct BadInputTests {
    func code(_ bytes: [UInt8]) -> OFErrorCode? {
        errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: bytes)) }
    }

    @Test func headerProblems() {
        #expect(code([5, 0, 0]) == .badRequest(.badLen))
        #expect(code([5, 2, 0, 4, 0, 0, 0, 1]) == .badRequest(.badLen))
        #expect(code([5, 2, 0, 9, 0, 0, 0, 1]) == .badRequest(.badLen))
        #expect(code([5, 22, 0, 8, 0, 0, 0, 1]) == .badRequest(.badType))
        #expect(code([5, 200, 0, 8, 0, 0, 0, 1]) == .badRequest(.badType))
        // Two messages where one is expected.
        #expect(code([5, 20, 0, 8, 0, 0, 0, 1, 5, 20, 0, 8, 0, 0, 0, 1]) == .badRequest(.badLen))
    }

    @Test func propertyLengths() {
        // TABLE_MOD with a property claiming 16 bytes but 8 present.
        #expect(
            code([5, 17, 0, 24, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 16, 0, 0, 0, 1]) == .badProperty(.badLen))
        // Property length below its own header.
        #expect(
            code([5, 17, 0, 24, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 1]) == .badProperty(.badLen))
        // Property whose padding is missing (length 5 needs 3 pad bytes).
        #expect(code([5, 17, 0, 21, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 5, 1]) == .badProperty(.badLen))
        // Eviction property of the wrong size.
        #expect(
            code([5, 17, 0, 32, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
                == .badProperty(.badLen))
    }

    @Test func flowModContainers() throws {
        let good = OFMessage(
            xid: 1,
            .flowMod(
                FlowMod(
                    match: Match([OXMField(.inPort, 1)]),
                    instructions: [.applyActions([.output(port: 2)])])))
        let bytes = Array(good.bytes.readableBytesView)
        #expect(try OFMessage(bytes: ByteBuffer(bytes: bytes)) == good)
        // Offsets: header 8, fixed 40 -> match at 48 (16 bytes), instruction at 64, action at 72.
        var b = bytes
        b[51] = 0x40  // match length overruns
        #expect(code(b) == .badMatch(.badLen))
        b = bytes
        b[55] = 8  // OXM payload overruns the match
        #expect(code(b) == .badMatch(.badLen))
        b = bytes
        b[67] = 0x40  // instruction overruns
        #expect(code(b) == .badInstruction(.badLen))
        b = bytes
        b[67] = 4  // instruction underruns its header
        #expect(code(b) == .badInstruction(.badLen))
        b = bytes
        b[75] = 0x20  // action overruns its instruction
        #expect(code(b) == .badAction(.badLen))
        b = bytes
        b[75] = 8  // output action too short for its type
        #expect(code(b) == .badAction(.badLen))
        b = bytes
        b[73] = 0x63  // unknown action type
        #expect(code(b) == .badAction(.badType))
        b = bytes
        b[65] = 0x63  // unknown instruction type
        #expect(code(b) == .badInstruction(.unknownInstruction))
        // Truncated after the match: instructions cut mid-way.
        b = Array(bytes.prefix(70))
        b[3] = 70
        #expect(code(b) == .badInstruction(.badLen))
    }

    @Test func helloElementUnderrun() {
        #expect(code([5, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 2, 0, 0, 0, 0]) == .badRequest(.badLen))
        #expect(code([5, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 6, 0, 0, 0, 0]) == .badRequest(.badLen))
    }

    /// Random and mutated inputs must produce a message or a typed error, never a trap.
    /// 4 × 50,000 inputs, split so the cases run in parallel.
    @Test(arguments: 0..<4)
    func randomAndMutatedInputsNeverTrap(shard: Int) {
        var rng = SeededRandom(seed: 0xF00D + UInt64(shard))
        var seeds = Corpus.entries("ryu-of14").map(\.bytes)
        var g = Gen(seed: 5 + UInt64(shard))
        for _ in 0..<200 { seeds.append(Array(g.message().bytes.readableBytesView)) }
        var decoded = 0
        var failed = 0
        for i in 0..<50_000 {
            var bytes: [UInt8]
            if i % 10 == 0 {
                bytes = (0..<Int.random(in: 0...96, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if bytes.count >= 4, Bool.random(using: &rng) {
                    bytes[0] = 5
                    bytes[2] = UInt8(bytes.count >> 8)
                    bytes[3] = UInt8(bytes.count & 0xFF)
                }
            } else {
                bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0...3, using: &rng) {
                    case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                    case 2: bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &rng))
                    default: bytes[at] = [0, 1, 0xFF, 0x7F, 0x80][Int.random(in: 0...4, using: &rng)]
                    }
                }
                // Keep the header length consistent half the time so bodies get exercised.
                if bytes.count >= 4, Bool.random(using: &rng) {
                    bytes[2] = UInt8((bytes.count >> 8) & 0xFF)
                    bytes[3] = UInt8(bytes.count & 0xFF)
                }
            }
            do {
                let m = try OFMessage(bytes: ByteBuffer(bytes: bytes))
                _ = m.bytes
                decoded += 1
            } catch {
                failed += 1
            }
        }
        #expect(decoded + failed == 50_000)
        #expect(decoded > 250)
        #expect(failed > 250)
    }
}
