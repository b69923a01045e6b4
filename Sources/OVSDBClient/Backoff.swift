/// Reconnect delays: doubling from `initial` up to `maximum`, back to `initial` after a connection
/// that worked. Pure: the caller sleeps.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public private(set) var next: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(8)) {
        self.initial = initial
        self.maximum = maximum
        self.next = initial
    }

    /// The delay before the next attempt; each call doubles the one after.
    public mutating func nextDelay() -> Duration {
        let delay = next
        next = min(next * 2, maximum)
        return delay
    }

    public mutating func reset() {
        next = initial
    }
}
