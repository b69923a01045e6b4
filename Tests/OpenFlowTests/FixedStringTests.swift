import NIOCore
import Testing

@testable import OpenFlow

/// Fixed-size string fields (switch description, port and table names): whatever a peer puts
/// there, the decoded string must re-encode to bytes that decode to the same string.
/// Found by the fuzzer (Fuzz/): a 32-byte serial number of 0xFF bytes decoded to 32 replacement
/// characters, which the encoder cut mid-character, so the second decode differed.
@Suite struct FixedStringTests {
    static func descReply(serial: [UInt8]) -> ByteBuffer {
        var b = ByteBuffer()
        b.writeBytes([0x05, 0x13, 0x04, 0x30, 0, 0, 0, 0])  // MULTIPART_REPLY, length 1072
        b.writeBytes([0, 0, 0, 0, 0, 0, 0, 0])  // DESC, no flags
        b.writeBytes(Array("mfr".utf8) + [UInt8](repeating: 0, count: 253))
        b.writeRepeatingByte(0, count: 512)  // hardware, software
        b.writeBytes(serial + [UInt8](repeating: 0, count: 32 - serial.count))
        b.writeRepeatingByte(0x1C, count: 256)  // datapath: no NUL at all
        return b
    }

    @Test(
        "decode -> encode -> decode is stable",
        arguments: [
            [UInt8](repeating: 0xFF, count: 32), [UInt8](repeating: 0xFF, count: 7), Array("é".utf8) + [0xC3],
            Array(String(repeating: "é", count: 16).utf8),
        ])
    func stable(serial: [UInt8]) throws {
        let first = try OFMessage(bytes: Self.descReply(serial: serial))
        let encoded = first.bytes
        let second = try OFMessage(bytes: encoded)
        #expect(second == first)
        #expect(second.bytes == encoded)
    }

    @Test func encodingCutsBetweenScalars() {
        var b = ByteBuffer()
        b.writeFixedString(String(repeating: "é", count: 20), length: 32)  // 2 bytes each
        #expect(b.readableBytes == 32)
        #expect(b.getBytes(at: 30, length: 2) == [0, 0])  // 15 scalars (30 bytes), then NUL
        var r = b
        #expect(r.readString(length: 30) == String(repeating: "é", count: 15))
    }
}
