import Testing
import Topology

@testable import PolicyCompiler

/// The rule limit is checked before anything is compiled: at the limit a bridge compiles, one
/// past it and far past it (60,002 rules used to trap in the priority arithmetic) are refused at
/// once, located at the first rule too many.
@Suite("Policy compiler: the rule limit")
struct RuleLimitTests {
    static let limit = 30_000

    static func policy(rules count: Int) -> BridgePolicy {
        let rule = PolicyRule(
            chain: .forward, match: TrafficMatch(proto: .tcp, destinationPorts: PortRange(23)), action: .drop,
            location: SourceLocation(file: "big.yaml", line: 1, column: 9))
        var rules = [PolicyRule](repeating: rule, count: count)
        for index in rules.indices {
            rules[index].location = SourceLocation(file: "big.yaml", line: index + 10, column: 9)
            rules[index].match.destinationPorts = PortRange(UInt16(1 + index % 60_000))
        }
        return BridgePolicy(bridge: "br0", rules: rules, portNumbers: ["uplink": 1])
    }

    @Test("past the limit, at once and located: one past, and the 60,002 that used to trap", arguments: [1, 30_002])
    func refused(past: Int) throws {
        let started = ContinuousClock.now
        #expect {
            try PolicyCompiler().compile(Self.policy(rules: Self.limit + past))
        } throws: { error in
            guard let error = error as? PolicyCompilationError, let first = error.diagnostics.first else {
                return false
            }
            return error.diagnostics.count == 1
                && first.message == "a bridge takes at most 30000 rules; this is rule 30001 of \(Self.limit + past)"
                && first.location == SourceLocation(file: "big.yaml", line: Self.limit + 10, column: 9)
        }
        #expect(ContinuousClock.now - started < .seconds(5), "refused before compiling")
    }

    @Test("rule priorities stay in their band whatever the index: no arithmetic can trap")
    func prioritiesInBand() {
        #expect(PriorityBand.rule(0) == 60_000)
        #expect(PriorityBand.rule(Self.limit - 1) == 60_000 - UInt16(Self.limit - 1))
        #expect(PriorityBand.rule(Self.limit - 1) > PriorityBand.support)
        // Past the limit (refused before compiling) and negative: clamped, not a trap.
        #expect(PriorityBand.rule(60_001) == PriorityBand.rule(Self.limit - 1))
        #expect(PriorityBand.rule(-1) == 60_000)
    }

    @Test("a few thousand rules compile, one priority each, in order")
    func belowTheLimit() throws {
        let count = 2_000
        let compiled = try PolicyCompiler().compile(Self.policy(rules: count))
        let priorities = Set(compiled.flows.filter { $0.flow.cookie & 0xFFFF != 0 }.map(\.flow.priority))
        #expect(priorities.count == count)
        #expect(priorities.max() == 60_000)
        #expect(priorities.min() == 60_000 - UInt16(count - 1))
    }
}
