import NIOCore
import OpenFlow

/// Messages for one switch, encoded into the connection's outbound buffer on its event loop. What
/// is written while the connection handles a batch of reads leaves in one write and one flush when
/// the batch ends; writes from other places (`Switch.send`) leave at the end of the event-loop
/// tick. Only a `PacketInHandler` gets one, as `inout`, for the length of its call.
public struct SwitchWriter {
    /// Encoded messages not yet handed to the channel.
    var buffer: ByteBuffer
    /// The connection's transaction ids: requests and these writes share one sequence.
    let xids: XIDCounter

    init(buffer: ByteBuffer, xids: XIDCounter) {
        self.buffer = buffer
        self.xids = xids
    }

    /// Queues `body` with a fresh xid and returns the xid. A switch's error about it arrives as a
    /// `.error` event with that xid.
    @discardableResult
    public mutating func send(_ body: OFMessage.Body) -> UInt32 {
        let xid = xids.next()
        OFMessage(xid: xid, body).write(into: &buffer)
        return xid
    }

    /// Queues a PACKET_OUT that sends `data` (or the switch's buffered packet `bufferID`) out of
    /// `output`: the usual answer to a packet-in, encoded without building a `PacketOut` value.
    @discardableResult
    public mutating func packetOut(
        bufferID: UInt32 = BufferID.noBuffer, inPort: PortNumber, output: PortNumber, data: ByteBuffer
    ) -> UInt32 {
        let xid = xids.next()
        PacketOut.writeSingleOutput(
            xid: xid, bufferID: bufferID, inPort: inPort, output: output, data: data, into: &buffer)
        return xid
    }

    /// Queues the FLOW_MOD that `flow` describes, encoded without building a `FlowMod` value.
    @discardableResult
    public mutating func send(_ flow: ForwardingFlow) -> UInt32 {
        let xid = xids.next()
        flow.write(xid: xid, into: &buffer)
        return xid
    }

    /// Bytes written and not yet handed to the channel.
    var pendingBytes: Int { buffer.readableBytes }
}
