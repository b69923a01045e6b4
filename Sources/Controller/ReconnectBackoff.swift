/// Exponential backoff with jitter for active connections, as a value that takes `now` and a
/// random fraction so tests decide both. Starts at `initial`, doubles per failure up to
/// `maximum`; a connection that stayed up for `maximum` resets it.
struct ReconnectBackoff: Equatable {
    let initial: Duration
    let maximum: Duration
    /// Fraction of the delay that is randomised (0.25: the delay is 75–100% of nominal).
    let jitter: Double
    private(set) var nominal: Duration
    private var connectedAt: ContinuousClock.Instant?

    init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(8), jitter: Double = 0.25) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = min(max(jitter, 0), 1)
        self.nominal = initial
    }

    /// A connection attempt failed or a connection dropped: how long to wait before the next one.
    /// `random` is in 0..<1.
    mutating func failed(now: ContinuousClock.Instant, random: Double) -> Duration {
        if let connectedAt, now - connectedAt >= maximum { nominal = initial }
        connectedAt = nil
        let delay = nominal * (1 - jitter * min(max(random, 0), 1))
        nominal = min(nominal * 2, maximum)
        return delay
    }

    mutating func connected(now: ContinuousClock.Instant) {
        connectedAt = now
    }
}
