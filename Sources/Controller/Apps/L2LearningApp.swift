import NIOCore
import OpenFlow
import Synchronization

/// The learning switch every controller ships: table-miss packets come to the controller, which
/// learns which port each source MAC lives behind, installs a flow for destinations it knows and
/// floods the rest.
public final class L2LearningApp: ControllerApp {
    public let name = "l2-learning"
    /// Learned flows expire when idle, so a host that moves is relearned.
    public let idleTimeout: UInt16
    public let priority: UInt16
    private let tables = Mutex<[UInt64: [UInt64: PortNumber]]>([:])

    public init(idleTimeout: UInt16 = 60, priority: UInt16 = 10) {
        self.idleTimeout = idleTimeout
        self.priority = priority
    }

    public func switchConnected(_ handle: Switch) async throws {
        tables.withLock { $0[handle.datapathID] = [:] }
        let miss = FlowMod(
            tableID: 0, priority: 0, match: Match(),
            instructions: [.applyActions([.output(port: .controller, maxLength: 0xFFFF)])])
        try await handle.sendConfirmed([.flowMod(miss)])
    }

    public func switchDisconnected(datapathID: UInt64) async {
        _ = tables.withLock { $0.removeValue(forKey: datapathID) }
    }

    public func handle(_ event: SwitchEvent) async throws {
        guard case .packetIn(let handle, let packet) = event, let inPort = packet.inPort,
            let frame = EthernetAddresses(packet.data)
        else { return }
        let learned = tables.withLock { table -> PortNumber? in
            if frame.source & 0x0100_0000_0000 == 0 { table[handle.datapathID, default: [:]][frame.source] = inPort }
            return table[handle.datapathID]?[frame.destination]
        }
        let output = learned ?? .flood
        if let learned, learned != inPort {
            let flow = FlowMod(
                tableID: 0, priority: priority,
                match: Match([
                    OXMField(.inPort, UInt128(inPort.rawValue)), OXMField(.ethDst, UInt128(frame.destination)),
                ]),
                instructions: [.applyActions([.output(port: learned)])], idleTimeout: idleTimeout)
            handle.send(.flowMod(flow))
        }
        let out = PacketOut(
            bufferID: packet.bufferID, inPort: inPort, actions: [.output(port: output)],
            data: packet.bufferID == BufferID.noBuffer ? packet.data : ByteBuffer())
        handle.send(.packetOut(out))
    }
}

/// The two addresses at the start of an Ethernet frame.
struct EthernetAddresses {
    let destination: UInt64
    let source: UInt64

    init?(_ frame: ByteBuffer) {
        guard frame.readableBytes >= 14, let bytes = frame.getBytes(at: frame.readerIndex, length: 12) else {
            return nil
        }
        destination = bytes[0..<6].reduce(0) { $0 << 8 | UInt64($1) }
        source = bytes[6..<12].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
