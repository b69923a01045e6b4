import OpenFlow

/// A controller application: told when a switch completes its handshake and of everything the
/// switch reports afterwards. `AppRunner` calls apps one event at a time, in arrival order.
public protocol ControllerApp: Sendable {
    var name: String { get }
    func switchConnected(_ handle: Switch) async throws
    func switchDisconnected(datapathID: UInt64) async
    func handle(_ event: SwitchEvent) async throws
}

extension ControllerApp {
    public func switchDisconnected(datapathID: UInt64) async {}
    public func handle(_ event: SwitchEvent) async throws {}
}
