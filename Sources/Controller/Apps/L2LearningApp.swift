import NIOCore
import OpenFlow

/// The learning switch every controller ships: table-miss packets come to the controller, which
/// learns which port each source MAC lives behind, installs a flow for destinations it knows and
/// floods the rest. Packet-ins are answered on each switch's event loop (`L2LearningSwitch`).
public final class L2LearningApp: ControllerApp {
    public let name = "l2-learning"
    /// Learned flows expire when idle, so a host that moves is relearned.
    public let idleTimeout: UInt16
    public let priority: UInt16

    public init(idleTimeout: UInt16 = 60, priority: UInt16 = 10) {
        self.idleTimeout = idleTimeout
        self.priority = priority
    }

    public func switchConnected(_ handle: Switch) async throws {
        let miss = FlowMod(
            tableID: 0, priority: 0, match: Match(),
            instructions: [.applyActions([.output(port: .controller, maxLength: 0xFFFF)])])
        try await handle.sendConfirmed([.flowMod(miss)])
    }

    public func packetInHandler(for handle: Switch) -> (any PacketInHandler)? {
        L2LearningSwitch(idleTimeout: idleTimeout, priority: priority)
    }
}

/// One switch's MAC table and its packet-in answers. Owned by the switch's connection and used
/// only on its event loop, so the table needs no lock; it goes when the connection does (a
/// reconnecting switch starts learning afresh, as its flows' idle timeouts run down).
final class L2LearningSwitch: PacketInHandler {
    let idleTimeout: UInt16
    let priority: UInt16
    private(set) var table: [UInt64: PortNumber] = [:]

    init(idleTimeout: UInt16, priority: UInt16) {
        self.idleTimeout = idleTimeout
        self.priority = priority
    }

    func packetIn(_ packet: PacketInView, replies: inout SwitchWriter) -> PacketInDisposition {
        let data = packet.data
        guard let inPort = packet.inPort, let frame = EthernetAddresses(data) else { return .unhandled }
        // Group addresses (the I/G bit) are never a source to learn.
        if frame.source & 0x0100_0000_0000 == 0 { table[frame.source] = inPort }
        let learned = table[frame.destination]
        if let learned, learned != inPort {
            replies.send(
                ForwardingFlow(
                    priority: priority, idleTimeout: idleTimeout, inPort: inPort, ethDestination: frame.destination,
                    output: learned))
        }
        replies.packetOut(
            bufferID: packet.bufferID, inPort: inPort, output: learned ?? .flood,
            data: packet.bufferID == BufferID.noBuffer ? data : ByteBuffer())
        return .handled
    }
}

/// The two addresses at the start of an Ethernet frame.
struct EthernetAddresses {
    let destination: UInt64
    let source: UInt64

    /// Read as integers, not as a byte array: this runs once per packet-in.
    init?(_ frame: ByteBuffer) {
        let at = frame.readerIndex
        guard frame.readableBytes >= 14, let dstHigh = frame.getInteger(at: at, as: UInt16.self),
            let dstLow = frame.getInteger(at: at + 2, as: UInt32.self),
            let srcHigh = frame.getInteger(at: at + 6, as: UInt16.self),
            let srcLow = frame.getInteger(at: at + 8, as: UInt32.self)
        else { return nil }
        destination = UInt64(dstHigh) << 32 | UInt64(dstLow)
        source = UInt64(srcHigh) << 32 | UInt64(srcLow)
    }
}
