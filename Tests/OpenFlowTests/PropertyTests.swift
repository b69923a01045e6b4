import NIOCore
import Testing

@testable import OpenFlow

/// encode ∘ decode = identity over seeded random values of every message type.
@Suite struct PropertyTests {
    @Test(arguments: 0..<Gen.bodyKinds)
    func roundTripsEveryKind(kind: Int) throws {
        var g = Gen(seed: UInt64(1000 + kind))
        for _ in 0..<150 {
            let m = OFMessage(xid: g.u32(), g.body(kind: kind))
            let bytes = m.bytes
            let back = try OFMessage(bytes: bytes)
            #expect(back == m)
            #expect(back.bytes == bytes)
            if back != m { break }
        }
    }

    @Test func everyBodyCaseIsGenerated() {
        var g = Gen(seed: 7)
        var seen = Set<UInt8>()
        for kind in 0..<Gen.bodyKinds { seen.insert(g.body(kind: kind).type.rawValue) }
        let all: Set<UInt8> = Set((0...21).map { UInt8($0) } + (24...34).map { UInt8($0) })
        #expect(seen == all, "missing \(all.subtracting(seen).sorted())")
    }

    @Test func streamOfRandomMessagesFramesBack() throws {
        var g = Gen(seed: 42)
        let messages = (0..<300).map { _ in g.message() }
        var stream = ByteBuffer()
        for m in messages { m.write(into: &stream) }
        var decoder = OFMessageDecoder()
        var out = [OFMessage]()
        var acc = ByteBuffer()
        var rng = SeededRandom(seed: 3)
        while stream.readableBytes > 0 {
            let n = min(stream.readableBytes, Int.random(in: 1...700, using: &rng))
            if let chunk = stream.readSlice(length: n) { acc.writeImmutableBuffer(chunk) }
            while let m = try decoder.decode(buffer: &acc) { out.append(m) }
        }
        #expect(out == messages)
    }
}
