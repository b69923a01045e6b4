import Testing

@testable import Reconnection

/// A generator that returns the same value every time, so a jittered delay is known in advance.
private struct FixedGenerator: RandomNumberGenerator {
    var value: UInt64
    mutating func next() -> UInt64 { value }
}

/// A small xorshift generator: reproducible, and spread over the whole range.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

@Suite("Reconnect backoff: growth, bounds, jitter, reset")
struct BackoffTests {
    @Test("without jitter the delay doubles from initial and stays at maximum")
    func growth() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        let delays = (0..<6).map { _ in backoff.nextDelay(random: 0.9) }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ])
    }

    @Test("jitter takes at most its fraction off the nominal delay")
    func jitterRange() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(8), jitter: 0.5)
        #expect(backoff.nextDelay(random: 0) == .milliseconds(100))
        #expect(backoff.nextDelay(random: 0.5) == .milliseconds(150))
        #expect(backoff.nextDelay(random: 1) == .milliseconds(200))
        // The nominal delay grows whatever the jitter took off.
        #expect(backoff.nominal == .milliseconds(800))
    }

    @Test("drawn from a generator, every delay lies in [(1 - jitter) × nominal, nominal]")
    func jitterFromGenerator() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(2), jitter: 0.25)
        var generator = SeededGenerator(state: 0x9E37_79B9_7F4A_7C15)
        var distinct = Set<Duration>()
        for _ in 0..<200 {
            let nominal = backoff.nominal
            let delay = backoff.nextDelay(using: &generator)
            #expect(delay <= nominal)
            #expect(delay >= nominal * 0.75)
            if nominal == .seconds(2) { distinct.insert(delay) }
        }
        #expect(distinct.count > 100, "jitter spreads the delays")
        var zero = FixedGenerator(value: 0)
        var fixed = Backoff(initial: .seconds(1), maximum: .seconds(4), jitter: 0.25)
        #expect(fixed.nextDelay(using: &zero) == .seconds(1))
    }

    @Test("out-of-range settings are clamped rather than trusted")
    func bounds() {
        var backoff = Backoff(initial: .seconds(2), maximum: .seconds(1), jitter: 7)
        #expect(backoff.maximum == .seconds(2))
        #expect(backoff.jitter == 1)
        #expect(backoff.nextDelay(random: -3) == .seconds(2))
        #expect(backoff.nextDelay(random: .nan) == .seconds(2))
        #expect(Backoff(jitter: .nan).jitter == 0)
        #expect(Backoff(jitter: -1).jitter == 0)
    }

    @Test("reset starts over; only a connection that lasted `maximum` counts as one that worked")
    func reset() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0)
        for _ in 0..<4 { _ = backoff.nextDelay(random: 0) }
        #expect(backoff.nominal == .seconds(1))
        backoff.connectionEnded(after: .milliseconds(500))
        #expect(backoff.nextDelay(random: 0) == .seconds(1))
        backoff.connectionEnded(after: .seconds(1))
        #expect(backoff.nextDelay(random: 0) == .milliseconds(100))
        _ = backoff.nextDelay(random: 0)
        backoff.reset()
        #expect(backoff.nominal == .milliseconds(100))
    }
}
