import NIOCore
import Testing

@testable import OpenFlow

/// The PACKET_OUT fast path (PacketOutFastPath.swift) must write exactly what the general encoder
/// writes.
@Suite struct PacketOutFastPathTests {
    @Test func sameBytesAsTheGeneralPath() {
        var g = Gen(seed: 78)
        var fast = 0
        for _ in 0..<1000 {
            var actions = g.actions()
            if g.bool() { actions = actions.filter { $0.fastLength != nil } }
            let packetOut = PacketOut(
                bufferID: g.u32(), inPort: PortNumber(g.u32()), actions: actions, data: g.buffer(g.int(0...100)))
            let message = OFMessage(xid: g.u32(), .packetOut(packetOut))
            var general = ByteBuffer()
            message.writeGeneral(into: &general)
            if packetOut.fastMessageLength() != nil { fast += 1 }
            #expect(message.bytes == general, "\(packetOut)")
        }
        #expect(fast > 300)
    }

    @Test func singleOutputIsThePacketOutWithOneOutputAction() throws {
        let data = ByteBuffer(bytes: Array(0..<60))
        for (buffer, port) in [(BufferID.noBuffer, PortNumber.flood), (77, PortNumber(3))] {
            var written = ByteBuffer()
            PacketOut.writeSingleOutput(
                xid: 5, bufferID: buffer, inPort: PortNumber(2), output: port, data: data, into: &written)
            let value = PacketOut(bufferID: buffer, inPort: PortNumber(2), actions: [.output(port: port)], data: data)
            var general = ByteBuffer()
            OFMessage(xid: 5, .packetOut(value)).writeGeneral(into: &general)
            #expect(written == general)
            #expect(try OFMessage(bytes: written) == OFMessage(xid: 5, .packetOut(value)))
        }
    }
}
