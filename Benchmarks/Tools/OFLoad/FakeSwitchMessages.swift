import NIOCore

/// The few messages a fake switch writes, built by hand from the OpenFlow 1.3/1.4 layouts (the two
/// versions agree on every message used here, so os-ken can be driven at 1.3 and Switchboard at
/// 1.4 by the same code).
enum FakeSwitchMessages {
    static let hello: UInt8 = 0
    static let echoRequest: UInt8 = 2
    static let echoReply: UInt8 = 3
    static let featuresRequest: UInt8 = 5
    static let featuresReply: UInt8 = 6
    static let getConfigRequest: UInt8 = 7
    static let getConfigReply: UInt8 = 8
    static let packetIn: UInt8 = 10
    static let packetOut: UInt8 = 13
    static let flowMod: UInt8 = 14
    static let multipartRequest: UInt8 = 18
    static let multipartReply: UInt8 = 19
    static let barrierRequest: UInt8 = 20
    static let barrierReply: UInt8 = 21
    static let roleRequest: UInt8 = 24
    static let roleReply: UInt8 = 25

    static func header(_ version: UInt8, _ type: UInt8, length: Int, xid: UInt32, into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(version, type, UInt16(length), xid)
    }

    static func featuresReply(version: UInt8, xid: UInt32, datapathID: UInt64, into buffer: inout ByteBuffer) {
        header(version, featuresReply, length: 32, xid: xid, into: &buffer)
        // datapath_id, n_buffers, n_tables, auxiliary_id, pad, capabilities, reserved
        buffer.writeMultipleIntegers(datapathID, UInt32(0), UInt8(254), UInt8(0), UInt16(0), UInt32(0x4f), UInt32(0))
    }

    /// An empty reply of the same multipart type (an empty port list, no stats).
    static func multipartReply(version: UInt8, xid: UInt32, multipartType: UInt16, into buffer: inout ByteBuffer) {
        header(version, multipartReply, length: 16, xid: xid, into: &buffer)
        buffer.writeMultipleIntegers(multipartType, UInt16(0), UInt32(0))
    }

    static func getConfigReply(version: UInt8, xid: UInt32, into buffer: inout ByteBuffer) {
        header(version, getConfigReply, length: 12, xid: xid, into: &buffer)
        buffer.writeMultipleIntegers(UInt16(0), UInt16(0xffff))
    }

    /// The request with its type changed to the reply's: echo, barrier and role replies carry
    /// the request's body back.
    static func mirror(_ request: ByteBuffer, as type: UInt8, into buffer: inout ByteBuffer) {
        var copy = request
        copy.setInteger(type, at: copy.readerIndex + 1)
        buffer.writeImmutableBuffer(copy)
    }

    static let frameLength = 60
    static let packetInLength = 8 + 16 + 16 + 2 + frameLength

    /// A table-miss PACKET_IN without a switch buffer (the controller must send the frame back),
    /// matching only in_port, carrying a minimal Ethernet frame. The ethertype is a local
    /// experimental one so no controller tries to parse an IP header out of padding.
    static func packetIn(
        version: UInt8, xid: UInt32, inPort: UInt32, source: UInt64, destination: UInt64, into buffer: inout ByteBuffer
    ) {
        header(version, packetIn, length: packetInLength, xid: xid, into: &buffer)
        // buffer_id (none), total_len, reason (no match / table miss), table_id, cookie
        buffer.writeMultipleIntegers(UInt32.max, UInt16(frameLength), UInt8(0), UInt8(0), UInt64.max)
        // match: OXM type, length 12 (header + in_port field), the field, 4 bytes of padding
        buffer.writeMultipleIntegers(UInt16(1), UInt16(12), UInt32(0x8000_0004), inPort, UInt32(0))
        buffer.writeInteger(UInt16(0))  // pad
        writeMAC(destination, into: &buffer)
        writeMAC(source, into: &buffer)
        buffer.writeInteger(UInt16(0x88b5))
        buffer.writeRepeatingByte(0, count: frameLength - 14)
    }

    private static func writeMAC(_ address: UInt64, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(truncatingIfNeeded: address >> 32))
        buffer.writeInteger(UInt32(truncatingIfNeeded: address))
    }
}
