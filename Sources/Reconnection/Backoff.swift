/// Delays between reconnection attempts, shared by the OpenFlow controller's active connections and
/// the OVSDB replica: doubling from `initial` up to `maximum`, each shortened by a random fraction
/// of at most `jitter` so that many clients dropped together (a restarted ovsdb-server, a switch
/// with several controllers) do not all come back in the same instant. Pure: the caller sleeps, and
/// supplies the random numbers when it wants them fixed (tests).
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    /// Fraction of each delay that is random: 0.25 makes it 75–100% of the nominal delay.
    public var jitter: Double
    /// The delay before jitter that the next attempt waits.
    public private(set) var nominal: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(8), jitter: Double = 0.25) {
        self.initial = initial
        self.maximum = max(maximum, initial)
        // NaN fails both comparisons and would poison every delay: treat it as no jitter.
        self.jitter = jitter.isNaN ? 0 : min(max(jitter, 0), 1)
        self.nominal = initial
    }

    /// The delay before the next attempt, with `random` (in 0..<1) picking how much jitter takes
    /// off; the nominal delay of the attempt after it doubles.
    public mutating func nextDelay(random: Double) -> Duration {
        let fraction = random.isNaN ? 0 : min(max(random, 0), 1)
        let delay = nominal * (1 - jitter * fraction)
        nominal = min(nominal * 2, maximum)
        return delay
    }

    /// The delay before the next attempt, its jitter drawn from `generator`.
    public mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Duration {
        nextDelay(random: Double.random(in: 0..<1, using: &generator))
    }

    /// The delay before the next attempt, its jitter drawn from the system's generator.
    public mutating func nextDelay() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return nextDelay(using: &generator)
    }

    /// A connection worked: the next failure starts over from `initial`.
    public mutating func reset() {
        nominal = initial
    }

    /// A connection that was up for `uptime` ended. One that lasted at least `maximum` counts as
    /// having worked; a shorter one keeps the growth, so a peer that accepts and drops at once is
    /// not redialled at full speed forever.
    public mutating func connectionEnded(after uptime: Duration) {
        if uptime >= maximum { reset() }
    }
}
