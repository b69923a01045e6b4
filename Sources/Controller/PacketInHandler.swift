import OpenFlow

/// Handles one switch's PACKET_INs synchronously on its connection's event loop, writing the
/// answers straight into the connection's outbound buffer.
///
/// Why a second way besides `SwitchEvent.packetIn`: delivering every packet-in through the event
/// stream costs a decode into `OFMessage`, an `AsyncStream` hand-off and a task resume, and each
/// answer a hop back onto the event loop; together most of the time a learning switch spent per
/// packet-in (Docs/performance.md). Here the packet-in is read in place (`PacketInView`), the
/// answers are encoded where they will be sent from, and everything answered in one read batch
/// leaves in one flush.
///
/// An app makes one handler per switch (`ControllerApp.packetInHandler(for:)`); the connection
/// owns it and calls it only from its event loop, so the handler keeps per-switch state in plain
/// stored properties, without locks. It must not block: every switch on that event loop waits.
public protocol PacketInHandler: AnyObject {
    /// `.handled` ends the packet-in here; `.unhandled` passes it on to the next handler, and
    /// after the last one it is published as a `.packetIn` event as before.
    func packetIn(_ packet: PacketInView, replies: inout SwitchWriter) -> PacketInDisposition
}

public enum PacketInDisposition: Sendable {
    case handled
    case unhandled
}
