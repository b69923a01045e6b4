/// Transaction ids for one connection: increasing, skipping 0 (which some switches treat as
/// "no xid"). Wraps around after 2^32 - 1 requests.
struct XIDSource: Equatable {
    private var last: UInt32

    init(start: UInt32 = 0) { last = start }

    mutating func next() -> UInt32 {
        last = last &+ 1
        if last == 0 { last = 1 }
        return last
    }
}

/// One connection's xid sequence, shared by reference between the connection and the
/// `SwitchWriter` it lends a packet-in handler, so a handler that also calls `Switch` methods
/// (which run at once on the same event loop) never hands out an xid twice.
final class XIDCounter {
    private var source: XIDSource

    init(start: UInt32 = 0) { source = XIDSource(start: start) }

    func next() -> UInt32 { source.next() }
}
