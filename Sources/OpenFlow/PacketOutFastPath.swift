import NIOCore

// PACKET_OUT encoding in one buffer access, as FlowModFastPath.swift does for FLOW_MOD and for
// the same reason (each ByteBuffer write pays a capacity and an exclusivity check). A controller
// answering packet-ins sends one PACKET_OUT per packet-in, so this is on its hottest path.
// Output is byte-identical to the general path (PacketOutFastPathTests compares them).

extension PacketOut {
    /// The whole message's length if the fast path can encode it, else nil.
    func fastMessageLength() -> Int? {
        var n = OFHeader.size + 16 + data.readableBytes
        for action in actions {
            guard let size = action.fastLength else { return nil }
            n += size
        }
        return n <= 0xFFFF ? n : nil
    }

    /// Writes header and body; `length` must be `fastMessageLength()`.
    func writeFast(version: UInt8, xid: UInt32, length: Int, into buffer: inout ByteBuffer) {
        let actionsLength = length - OFHeader.size - 16 - data.readableBytes
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var w = RawWriter(base: raw)
            Self.writeFixed(
                &w, version: version, xid: xid, length: length, bufferID: bufferID, inPort: inPort,
                actionsLength: actionsLength)
            for action in actions { action.writeFast(into: &w) }
            w.bytes(data)
            return w.offset
        }
    }

    /// A PACKET_OUT whose only action is `output`, without building the value (no action array):
    /// the usual answer to a packet-in. Same bytes as `PacketOut(..., actions: [.output(port:
    /// output)], ...)` encoded by `OFMessage.write(into:)`.
    public static func writeSingleOutput(
        version: UInt8 = OpenFlowVersion.wire, xid: UInt32, bufferID: UInt32, inPort: PortNumber, output: PortNumber,
        data: ByteBuffer, into buffer: inout ByteBuffer
    ) {
        let length = OFHeader.size + 16 + 16 + data.readableBytes
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var w = RawWriter(base: raw)
            writeFixed(
                &w, version: version, xid: xid, length: length, bufferID: bufferID, inPort: inPort, actionsLength: 16)
            Action.output(port: output).writeFast(into: &w)
            w.bytes(data)
            return w.offset
        }
    }

    private static func writeFixed(
        _ w: inout RawWriter, version: UInt8, xid: UInt32, length: Int, bufferID: UInt32, inPort: PortNumber,
        actionsLength: Int
    ) {
        w.put(version)
        w.put(OFMessageType.packetOut.rawValue)
        w.put(UInt16(length))
        w.put(xid)
        w.put(bufferID)
        w.put(inPort.rawValue)
        w.put(UInt16(actionsLength))
        w.zeros(6)
    }
}
