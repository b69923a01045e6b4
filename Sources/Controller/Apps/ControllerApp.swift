import OpenFlow

/// A controller application: told when a switch completes its handshake and of everything the
/// switch reports afterwards. `AppRunner` calls apps one event at a time, in arrival order.
public protocol ControllerApp: Sendable {
    var name: String { get }
    func switchConnected(_ handle: Switch) async throws
    func switchDisconnected(datapathID: UInt64) async
    func handle(_ event: SwitchEvent) async throws
    /// A handler for this switch's PACKET_INs, run synchronously on its connection's event loop
    /// (see `PacketInHandler`), or nil to receive them as `.packetIn` events. Called on that event
    /// loop once the handshake completes (or when the app is attached, for a switch already
    /// connected), possibly before `switchConnected`.
    func packetInHandler(for handle: Switch) -> (any PacketInHandler)?
}

extension ControllerApp {
    public func switchDisconnected(datapathID: UInt64) async {}
    public func handle(_ event: SwitchEvent) async throws {}
    public func packetInHandler(for handle: Switch) -> (any PacketInHandler)? { nil }
}
