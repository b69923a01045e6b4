import NIOCore

/// What all fake switches count. Every fake switch lives on the generator's single event loop,
/// and the main task reads or resets these only through `eventLoop.submit`, so plain stored
/// properties are safe without locks (hence `@unchecked Sendable`).
final class LoadStats: @unchecked Sendable {
    var switches: [FakeSwitch] = []
    /// Switches that received their first FLOW_MOD: the app's table-miss flow, the sign that the
    /// controller considers the handshake complete.
    var ready = 0
    var measuring = false
    var packetIns = 0
    var packetOuts = 0
    var flowMods = 0
    /// Packet-in to packet-out round trips in nanoseconds, while measuring.
    var latencies: [UInt64] = []

    func reset() {
        packetIns = 0
        packetOuts = 0
        flowMods = 0
        latencies.removeAll(keepingCapacity: true)
    }
}
