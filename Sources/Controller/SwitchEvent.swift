import OpenFlow
import Synchronization

/// Something a switch did, delivered on `Controller.events`.
public enum SwitchEvent: Sendable {
    case connected(Switch)
    case disconnected(datapathID: UInt64, reason: String)
    case packetIn(Switch, PacketIn)
    case flowRemoved(Switch, FlowRemoved)
    case portStatus(Switch, PortStatus)
    /// Any other asynchronous message (ROLE_STATUS, TABLE_STATUS, REQUESTFORWARD, experimenter).
    case message(Switch, OFMessage)
    /// An OFPT_ERROR that answers no pending request (e.g. for a fire-and-forget flow mod).
    case error(Switch, ErrorMessage, xid: UInt32)
}

/// The controller's event stream: bounded, so a slow consumer never stalls an OpenFlow
/// connection; what does not fit is dropped and counted.
final class EventBuffer: Sendable {
    let stream: AsyncStream<SwitchEvent>
    private let continuation: AsyncStream<SwitchEvent>.Continuation
    private let dropped = Atomic<Int>(0)

    init(capacity: Int) {
        (stream, continuation) = AsyncStream.makeStream(
            of: SwitchEvent.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    func publish(_ event: SwitchEvent) {
        if case .dropped = continuation.yield(event) {
            dropped.add(1, ordering: .relaxed)
            ControllerMetrics.eventDrops.increment()
        }
    }

    var droppedCount: Int { dropped.load(ordering: .relaxed) }

    func finish() { continuation.finish() }
}

extension SwitchEvent {
    /// The datapath the event concerns: what `AppRunner` orders events by.
    public var datapathID: UInt64 {
        switch self {
        case .connected(let handle), .packetIn(let handle, _), .flowRemoved(let handle, _),
            .portStatus(let handle, _), .message(let handle, _), .error(let handle, _, _):
            handle.datapathID
        case .disconnected(let datapathID, _): datapathID
        }
    }
}
