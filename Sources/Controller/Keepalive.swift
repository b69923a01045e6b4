/// Echo keepalive as a value that takes `now`: after `interval` of silence from the peer, probe
/// with ECHO_REQUEST; if still silent `timeout` after the probe, the peer is dead. Any message
/// from the peer counts as life.
struct Keepalive {
    enum Action: Equatable {
        case none
        case sendProbe
        case peerDead
    }

    let interval: Duration
    let timeout: Duration
    private var lastHeard: ContinuousClock.Instant
    private var probeSentAt: ContinuousClock.Instant?

    init(interval: Duration, timeout: Duration, now: ContinuousClock.Instant) {
        self.interval = interval
        self.timeout = timeout
        self.lastHeard = now
    }

    mutating func heardFromPeer(now: ContinuousClock.Instant) {
        lastHeard = now
        probeSentAt = nil
    }

    /// Called periodically (at most `interval` apart, ideally more often).
    mutating func tick(now: ContinuousClock.Instant) -> Action {
        if let probeSentAt {
            return now - probeSentAt >= timeout ? .peerDead : .none
        }
        if now - lastHeard >= interval {
            probeSentAt = now
            return .sendProbe
        }
        return .none
    }

    /// How long until `tick` could return something new.
    func nextDeadline(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        if let probeSentAt { return probeSentAt + timeout }
        return lastHeard + interval
    }
}
