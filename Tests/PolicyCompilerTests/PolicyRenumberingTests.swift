import Foundation
import OpenFlow
import PolicyCompiler
import Testing
import Topology

/// `CompiledPolicy.renumbered(from:to:)` must give exactly what compiling again gives: same
/// flows in the same order, same groups, same warnings.
@Suite("Policy renumbering")
struct PolicyRenumberingTests {
    static let topologies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies")

    /// Every example's flow-managed bridges, as the file check sees them.
    static func examplePolicies() throws -> [(String, BridgePolicy)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: topologies.path).filter {
            $0.hasSuffix(".yaml")
        }
        var result: [(String, BridgePolicy)] = []
        for file in files.sorted() {
            let text = try String(contentsOf: topologies.appendingPathComponent(file), encoding: .utf8)
            let options = TopologyLoader.Options(variables: ["datapath": "netdev"])
            let topology = try TopologyLoader.load(text, file: file, options: options).get()
            let mac = try #require(MACAddress("02:00:00:00:00:42"))
            for node in topology.nodes {
                let zones = TopologyPolicyCheck.zones(of: node)
                for bridge in node.bridges where bridge.managesFlows {
                    let learned = Dictionary(uniqueKeysWithValues: bridge.plugins.map { ($0.name, mac) })
                    let policy = BridgePolicy(
                        bridge, portNumbers: BridgePolicy.placeholderPortNumbers(for: bridge),
                        zone: zones[bridge.name] ?? 1, learnedMACs: learned)
                    result.append(("\(file) \(node.name)/\(bridge.name)", policy))
                }
            }
        }
        return result
    }

    /// Other numberings of the same ports: reversed, moved far up (beyond 16 bits for none:
    /// THROUGH's NXM in_port load is 16-bit), and shuffled with a fixed seed.
    static func numberings(of placeholder: [String: UInt32]) -> [[String: UInt32]] {
        let names = placeholder.keys.sorted()
        let values = names.compactMap { placeholder[$0] }
        var shuffled = values
        var state: UInt64 = 0x5B0A
        for index in shuffled.indices.reversed() where index > 0 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            shuffled.swapAt(index, Int(state >> 33) % (index + 1))
        }
        let reversed = Array(values.reversed())
        let moved = values.map { $0 + 1000 }
        return [reversed, moved, shuffled].map { Dictionary(uniqueKeysWithValues: zip(names, $0)) }
    }

    @Test("every example topology: renumbering equals compiling again")
    func examples() throws {
        let policies = try Self.examplePolicies()
        #expect(policies.count >= 6, "examples with policies: \(policies.map(\.0))")
        var compared = 0
        for (name, policy) in policies {
            let placeholder = try PolicyCompiler().compile(policy)
            for numbers in Self.numberings(of: policy.portNumbers) {
                var live = policy
                live.portNumbers = numbers
                let direct = try PolicyCompiler().compile(live)
                let moved = try #require(placeholder.renumbered(from: policy.portNumbers, to: numbers))
                #expect(moved == direct, "\(name) with \(numbers)")
                if moved != direct {
                    let extra = Set(moved.flows.map(\.flow)).subtracting(direct.flows.map(\.flow))
                    Issue.record("\(name): first differing flow \(extra.first.map { "\($0)" } ?? "(order only)")")
                }
                compared += direct.flows.count
            }
        }
        #expect(compared > 200)
    }

    @Test("a mix of every action kind, THROUGH and SNAT included")
    func mixedRules() throws {
        let policy = try edgePolicy([
            "PREROUTING -i uplink -p tcp -d 198.51.100.10 --dport 45 -j DNAT --to ssh:22",
            "PREROUTING -i uplink -p udp -d 198.51.100.11 --dport 53 -j DNAT --to ids",
            "PREROUTING -p icmp -d 10.0.0.9 -j COPY --bidirectional --to ids",
            "PREROUTING -i client -p tcp --dport 80 -j COPY --to ssh",
            "FORWARD -i client -p tcp --dport 8080 -j THROUGH --to ids",
            "FORWARD -i uplink -p tcp --dport 23 -j DROP",
            "POSTROUTING -o uplink -s 10.0.0.3 -j SNAT --to 203.0.113.7",
            "POSTROUTING -o uplink -s 10.0.0.4 -j MASQUERADE",
        ])
        let placeholder = try PolicyCompiler().compile(policy)
        #expect(placeholder.flows.count > 20)
        for numbers in Self.numberings(of: policy.portNumbers) {
            var live = policy
            live.portNumbers = numbers
            #expect(
                placeholder.renumbered(from: policy.portNumbers, to: numbers) == (try PolicyCompiler().compile(live)))
        }
    }

    @Test("refused: other ports, or two ports sharing a number")
    func refused() throws {
        let policy = try edgePolicy(["FORWARD -p tcp --dport 80 -j DROP"])
        let compiled = try PolicyCompiler().compile(policy)
        var fewer = policy.portNumbers
        fewer["plug2"] = nil
        #expect(compiled.renumbered(from: policy.portNumbers, to: fewer) == nil)
        var renamed = fewer
        renamed["other"] = 9
        #expect(compiled.renumbered(from: policy.portNumbers, to: renamed) == nil)
        var shared = policy.portNumbers
        shared["plug2"] = shared["plug1"]
        #expect(compiled.renumbered(from: policy.portNumbers, to: shared) == nil)
        #expect(compiled.renumbered(from: policy.portNumbers, to: policy.portNumbers) == compiled)
    }
}
