import NIOCore
import Testing

@testable import OpenFlow

@Suite struct FramingTests {
    static func sampleStream() -> (ByteBuffer, [OFMessage]) {
        let messages: [OFMessage] = [
            OFMessage(xid: 1, .hello(Hello(versions: [1, 4, 5]))),
            OFMessage(xid: 2, .echoRequest(ByteBuffer(bytes: [1, 2, 3]))),
            OFMessage(xid: 3, .featuresRequest),
            OFMessage(xid: 4, .barrierRequest),
            OFMessage(xid: 5, .roleRequest(RoleMessage(role: .master, generationID: 99))),
            OFMessage(xid: 6, .setConfig(SwitchConfig(flags: [], missSendLength: 0xFFFF))),
            OFMessage(
                xid: 7, .error(.standard(.badRequest(.badType), data: ByteBuffer(bytes: [5, 0xFF, 0, 8, 0, 0, 0, 1])))),
        ]
        var b = ByteBuffer()
        for m in messages { m.write(into: &b) }
        return (b, messages)
    }

    /// Framed by `OFFrameReader`, as the controller's connection frames what it reads.
    func decodeAll(_ chunks: [ByteBuffer], maximum: Int = 65535) throws -> [OFMessage] {
        var reader = OFFrameReader(maximumMessageLength: maximum)
        var out = [OFMessage]()
        for chunk in chunks {
            reader.append(chunk)
            while let frame = try reader.next() { out.append(try OFMessage(bytes: frame)) }
        }
        #expect(reader.bufferedBytes == 0)
        return out
    }

    @Test func readerHoldsAPartialMessageAcrossReads() throws {
        let (stream, messages) = Self.sampleStream()
        // Three reads: a message and a half, almost all the rest, the last byte.
        let first = messages[0].bytes.readableBytes + 3
        let chunks = [
            stream.getSlice(at: 0, length: first)!,
            stream.getSlice(at: first, length: stream.readableBytes - first - 1)!,
            stream.getSlice(at: stream.readableBytes - 1, length: 1)!,
        ]
        var reader = OFFrameReader()
        reader.append(chunks[0])
        #expect(try reader.next() != nil)
        #expect(try reader.next() == nil)
        #expect(reader.bufferedBytes == 3)
        #expect(try decodeAll(chunks) == messages)
    }

    @Test func readerFramingErrorsAreTyped() {
        var reader = OFFrameReader(maximumMessageLength: 100)
        reader.append(ByteBuffer(bytes: [5, 2, 0, 200, 0, 0, 0, 9]))
        #expect(throws: OFFramingError.self) { try reader.next() }
    }

    @Test func wholeStream() throws {
        let (stream, messages) = Self.sampleStream()
        #expect(try decodeAll([stream]) == messages)
    }

    @Test func splitAtEveryOffset() throws {
        let (stream, messages) = Self.sampleStream()
        for cut in 0...stream.readableBytes {
            let a = stream.getSlice(at: 0, length: cut) ?? ByteBuffer()
            let b = stream.getSlice(at: cut, length: stream.readableBytes - cut) ?? ByteBuffer()
            #expect(try decodeAll([a, b]) == messages, "cut at \(cut)")
        }
    }

    @Test func oneByteAtATime() throws {
        let (stream, messages) = Self.sampleStream()
        let chunks = (0..<stream.readableBytes).map { stream.getSlice(at: $0, length: 1) ?? ByteBuffer() }
        #expect(try decodeAll(chunks) == messages)
    }

    @Test func lengthBelowHeaderIsFatal() {
        var decoder = OFMessageDecoder()
        var b = ByteBuffer(bytes: [5, 0, 0, 7, 0, 0, 0, 1])
        #expect(throws: OFFramingError.self) { try decoder.decode(buffer: &b) }
    }

    @Test func overMaximumIsFatal() throws {
        var decoder = OFMessageDecoder(maximumMessageLength: 100)
        var b = ByteBuffer(bytes: [5, 0, 0, 101, 0, 0, 0, 1])
        #expect(throws: OFFramingError.self) { try decoder.decode(buffer: &b) }
        var ok = OFMessageDecoder(maximumMessageLength: 100)
        var c = ByteBuffer(bytes: [5, 2, 0, 100, 0, 0, 0, 1] + [UInt8](repeating: 0, count: 92))
        #expect(try ok.decode(buffer: &c)?.type == .echoRequest)
    }

    @Test func truncatedWaitsForMore() throws {
        var decoder = OFMessageDecoder()
        var b = ByteBuffer(bytes: [5, 2, 0, 12, 0, 0, 0, 1, 0xAA])
        #expect(try decoder.decode(buffer: &b) == nil)
        #expect(b.readableBytes == 9)
        var h = ByteBuffer(bytes: [5, 2, 0])
        #expect(try decoder.decode(buffer: &h) == nil)
    }

    @Test func bodyErrorsCarryXidAndConsumeTheFrame() {
        var decoder = OFMessageDecoder()
        // Type 22 does not exist in OpenFlow 1.4.
        var b = ByteBuffer(bytes: [5, 22, 0, 8, 0, 0, 0, 42, 5, 20, 0, 8, 0, 0, 0, 43])
        do {
            _ = try decoder.decode(buffer: &b)
            Issue.record("expected an error")
        } catch let e as OFDecodeError {
            #expect(e.code == .badRequest(.badType))
            #expect(e.xid == 42)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(b.readableBytes == 8)
        #expect((try? decoder.decode(buffer: &b))??.type == .barrierRequest)
    }

    @Test func encoderWritesWhatDecoderReads() throws {
        let (_, messages) = Self.sampleStream()
        let encoder = OFMessageEncoder()
        var out = ByteBuffer()
        for m in messages { try encoder.encode(data: m, out: &out) }
        #expect(try decodeAll([out]) == messages)
    }

    @Test func otherVersionsFrameAndHelloDecodes() throws {
        // An OpenFlow 1.0 HELLO with no elements, and an OF1.3 features request.
        var b = ByteBuffer(bytes: [1, 0, 0, 8, 0, 0, 0, 9, 4, 5, 0, 8, 0, 0, 0, 10])
        let hello = try OFMessage.read(from: &b)
        #expect(hello.version == 1)
        #expect(hello.body == .hello(Hello()))
        let other = try OFMessage.read(from: &b)
        #expect(other.version == 4)
        #expect(other.body == .undecoded(type: .featuresRequest, payload: ByteBuffer()))
        #expect(other.bytes == ByteBuffer(bytes: [4, 5, 0, 8, 0, 0, 0, 10]))
    }
}

@Suite struct CorpusFramingTests {
    /// The whole OF1.4 corpus as one byte stream, cut into random chunks and into single bytes.
    @Test func corpusStreamFramesBack() throws {
        let entries = Corpus.entries("ryu-of14")
        var stream = ByteBuffer()
        for e in entries { stream.writeBytes(e.bytes) }
        let expected = try entries.map { try OFMessage(bytes: ByteBuffer(bytes: $0.bytes)) }
        for chunkMax in [1, 3, 64, 1500] {
            var rng = SeededRandom(seed: UInt64(chunkMax))
            var reader = OFFrameReader()
            var input = stream
            var out = [OFMessage]()
            while input.readableBytes > 0 {
                let n = min(input.readableBytes, Int.random(in: 1...chunkMax, using: &rng))
                if let chunk = input.readSlice(length: n) { reader.append(chunk) }
                while let frame = try reader.next() { out.append(try OFMessage(bytes: frame)) }
            }
            #expect(out == expected, "chunks up to \(chunkMax) bytes")
            #expect(reader.bufferedBytes == 0)
        }
    }
}
