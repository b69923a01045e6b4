import NIOCore
import PolicyCompiler
import Topology

/// The two ARP frames of MAC learning by `serve --topology`: the probe it sends out of a plugin's
/// port, and the plugin's answer it reads from a PACKET_IN.
enum ARPFrame {
    /// A broadcast "who has `address`?" from `ARPProbe.sourceMAC` with sender address 0.0.0.0
    /// (an RFC 5227 probe), so the plugin answers to the probe's MAC without putting a made-up
    /// neighbour into its ARP cache. Padded to the Ethernet minimum of 60 bytes.
    static func probe(for address: IPv4Address) -> ByteBuffer {
        var frame = ByteBuffer()
        frame.writeInteger(UInt16(0xFFFF))
        frame.writeInteger(UInt32(0xFFFF_FFFF))
        writeMAC(ARPProbe.sourceMAC, into: &frame)
        frame.writeInteger(UInt16(0x0806))
        frame.writeInteger(UInt16(1))  // hardware: Ethernet
        frame.writeInteger(UInt16(0x0800))  // protocol: IPv4
        frame.writeInteger(UInt8(6))
        frame.writeInteger(UInt8(4))
        frame.writeInteger(UInt16(1))  // request
        writeMAC(ARPProbe.sourceMAC, into: &frame)
        frame.writeInteger(UInt32(0))
        writeMAC(MACAddress(0), into: &frame)
        frame.writeInteger(address.value)
        frame.writeRepeatingByte(0, count: 60 - frame.readableBytes)
        return frame
    }

    /// The sender of an ARP reply addressed to `ARPProbe.sourceMAC`; nil for any other frame.
    static func probeAnswer(_ frame: ByteBuffer) -> (mac: MACAddress, address: IPv4Address)? {
        guard frame.readableBytes >= 42, let bytes = frame.getBytes(at: frame.readerIndex, length: 42) else {
            return nil
        }
        func number(_ range: Range<Int>) -> UInt64 { bytes[range].reduce(0) { $0 << 8 | UInt64($1) } }
        guard number(0..<6) == ARPProbe.sourceMAC.value, number(12..<14) == 0x0806, number(14..<16) == 1,
            number(16..<18) == 0x0800, number(20..<22) == 2
        else { return nil }
        return (MACAddress(number(22..<28)), IPv4Address(UInt32(number(28..<32))))
    }

    private static func writeMAC(_ mac: MACAddress, into frame: inout ByteBuffer) {
        frame.writeInteger(UInt16(truncatingIfNeeded: mac.value >> 32))
        frame.writeInteger(UInt32(truncatingIfNeeded: mac.value))
    }
}
