import Testing

@testable import Topology

/// Variables are expanded once each and bounded: twenty variables that double each other are
/// refused quickly, once, for the value that grows too long (not as a cycle); a real cycle is
/// reported once, naming its variables; a long chain that is no cycle expands.
@Suite("Topology: variable expansion limits")
struct VariableLimitTests {
    static func load(_ variables: [String], ovsdb: String) -> Result<Topology, TopologyError> {
        let text =
            "name: t\nvariables:\n" + variables.map { "  \($0)\n" }.joined() + "ovsdb: \"\(ovsdb)\"\nbridges: {}\n"
        return TopologyLoader.load(text, file: "v.yaml", options: .init())
    }

    static func errors(_ result: Result<Topology, TopologyError>) -> [String] {
        guard case .failure(let error) = result else { return [] }
        return error.diagnostics.map(\.message)
    }

    @Test("a variable bomb (each doubling the one before, 30 levels) is refused at once, once")
    func bomb() {
        var variables = ["v0: \"unix:/aaaaaaaaaaaaaaaa\""]
        for level in 1...30 { variables.append("v\(level): \"${v\(level - 1)}${v\(level - 1)}\"") }
        let started = ContinuousClock.now
        let errors = Self.errors(Self.load(variables, ovsdb: "${v30}"))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.contains("grows past 65536 bytes") == true, "\(errors)")
        #expect(!errors.contains { $0.contains("cycle") })
    }

    @Test("a real cycle is reported once, naming the variables in it")
    func cycle() {
        let errors = Self.errors(
            Self.load(["a: \"${b}\"", "b: \"${c}\"", "c: \"${a}\"", "d: \"${a}\""], ovsdb: "${d}${a}"))
        #expect(errors == ["variables refer to each other in a cycle: a → b → c → a"], "\(errors)")
    }

    @Test("a chain of forty variables, each naming the next, is no cycle")
    func longChain() throws {
        var variables = ["v0: \"unix:/tmp/db.sock\""]
        for level in 1...40 { variables.append("v\(level): \"${v\(level - 1)}\"") }
        let topology = try Self.load(variables, ovsdb: "${v40}").get()
        #expect(topology.nodes.first?.endpoint.target == "unix:/tmp/db.sock")
    }
}
