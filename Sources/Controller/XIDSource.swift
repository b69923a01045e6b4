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
