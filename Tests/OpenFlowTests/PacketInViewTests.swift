import NIOCore
import Testing

@testable import OpenFlow

/// `PacketInView` reads PACKET_INs in place: it must agree with the full decoder on every message
/// it accepts, and accept exactly the PACKET_INs the full decoder accepts.
@Suite struct PacketInViewTests {
    static func packetIn(_ fields: [OXMField], data: [UInt8] = Array(0..<60)) -> PacketIn {
        PacketIn(
            bufferID: 0x1234_5678, totalLength: 60, reason: .applyAction, tableID: 3, cookie: 0xDEAD_BEEF_0000_0001,
            match: Match(fields), data: ByteBuffer(bytes: data))
    }

    @Test func readsEveryFieldAsTheDecoderDoes() throws {
        let value = Self.packetIn([OXMField(.ethType, 0x0800), OXMField(.inPort, 7), OXMField(.ipProto, 6)])
        let bytes = OFMessage(xid: 42, .packetIn(value)).bytes
        let view = try #require(PacketInView(bytes))
        #expect(view.xid == 42)
        #expect(view.bufferID == value.bufferID)
        #expect(view.totalLength == 60)
        #expect(view.reason == .applyAction)
        #expect(view.tableID == 3)
        #expect(view.cookie == value.cookie)
        #expect(view.inPort == PortNumber(7))
        #expect(view.inPort == value.inPort)
        #expect(view.data == value.data)
        #expect(view.match == value.match)
        #expect(try view.decode() == value)
    }

    @Test func inPortAbsentOrMatchEmpty() throws {
        let noPort = try #require(PacketInView(OFMessage(.packetIn(Self.packetIn([OXMField(.ethType, 0x86dd)]))).bytes))
        #expect(noPort.inPort == nil)
        let empty = try #require(PacketInView(OFMessage(.packetIn(Self.packetIn([], data: []))).bytes))
        #expect(empty.inPort == nil)
        #expect(empty.data.readableBytes == 0)
        #expect(empty.match.isEmpty)
    }

    /// A slice in the middle of a larger buffer (as the framing decoder hands frames over).
    @Test func frameInsideALargerBuffer() throws {
        var buffer = ByteBuffer(bytes: [1, 2, 3])
        OFMessage(xid: 9, .packetIn(Self.packetIn([OXMField(.inPort, 0xFFFF_FFFD)]))).write(into: &buffer)
        buffer.writeBytes([4, 5])
        let frame = try #require(buffer.getSlice(at: 3, length: buffer.readableBytes - 5))
        let view = try #require(PacketInView(frame))
        #expect(view.inPort == .controller)
        #expect(view.data == ByteBuffer(bytes: Array(0..<60)))
    }

    @Test func agreesWithTheDecoderOnGeneratedMessages() throws {
        var g = Gen(seed: 11)
        var accepted = 0
        for _ in 0..<2000 {
            let message = g.message()
            let bytes = message.bytes
            let decoded = try? OFMessage(bytes: bytes)
            guard let view = PacketInView(bytes) else {
                if case .packetIn = decoded?.body { Issue.record("view refused a PACKET_IN: \(message)") }
                continue
            }
            accepted += 1
            guard case .packetIn(let value) = try #require(decoded).body else {
                Issue.record("view accepted a \(message.type)")
                continue
            }
            #expect(view.xid == message.xid)
            #expect(try view.decode() == value)
            #expect(view.inPort == value.inPort)
            #expect(view.data == value.data)
            #expect(view.match == value.match)
        }
        #expect(accepted > 20)
    }

    /// Every corruption the decoder refuses, the view refuses too (the connection then decodes the
    /// message the slow way and answers with the error).
    @Test func refusesWhatTheDecoderRefuses() throws {
        let good = OFMessage(xid: 1, .packetIn(Self.packetIn([OXMField(.inPort, 7), OXMField(.ethDst, 1)]))).bytes
        func corrupt(_ change: (inout ByteBuffer) -> Void) -> ByteBuffer {
            var copy = ByteBuffer(bytes: Array(good.readableBytesView))
            change(&copy)
            return copy
        }
        let cases: [(String, ByteBuffer)] = [
            ("header length longer than the bytes", corrupt { $0.setInteger(UInt16(good.readableBytes + 1), at: 2) }),
            ("header length shorter than the bytes", corrupt { $0.setInteger(UInt16(good.readableBytes - 1), at: 2) }),
            ("match type not OXM", corrupt { $0.setInteger(UInt16(0), at: 24) }),
            ("match length below 4", corrupt { $0.setInteger(UInt16(3), at: 26) }),
            ("match overruns the message", corrupt { $0.setInteger(UInt16(200), at: 26) }),
            ("in_port with a 2-byte payload", corrupt { $0.setInteger(UInt32(0x8000_0002), at: 28) }),
            ("masked field with an odd payload", corrupt { $0.setInteger(UInt32(0x8000_0107), at: 28) }),
            ("truncated before the match", ByteBuffer(bytes: Array(good.readableBytesView.prefix(20)))),
        ]
        #expect(PacketInView(OFMessage(xid: 1, .echoRequest(ByteBuffer())).bytes) == nil, "not a PACKET_IN")
        #expect(PacketInView(good) != nil)
        for (name, bytes) in cases {
            var fixed = bytes
            if name == "truncated before the match" { fixed.setInteger(UInt16(20), at: 2) }
            #expect(PacketInView(fixed) == nil, "\(name)")
            #expect(throws: OFDecodeError.self, "\(name)") { try OFMessage(bytes: fixed) }
        }
    }
}
