import OpenFlow
import Testing

@testable import OpenFlowText

/// The add-flows fast path may answer only what the general parser answers, or pass (nil).
/// Lines are generated from a fixed seed: mostly the shapes the fast path knows, mixed with
/// spellings it must leave alone (masks, hex, names, out-of-range numbers, unknown words).
@Suite("Flow line fast path")
struct FlowLineFastPathTests {
    @Test("the benchmark's and the README's lines take the fast path and equal the general parse")
    func commonLines() throws {
        let lines = [
            "priority=17,tcp,nw_src=10.0.4.1,tp_dst=1042,actions=output:1",
            "table=1,priority=200,tcp,nw_src=10.0.0.0/8,tp_dst=80,actions=output:2",
            "in_port=1,dl_src=00:11:22:33:44:55,dl_dst=aa:bb:cc:dd:ee:ff,actions=NORMAL",
            "cookie=0x1f,idle_timeout=30,hard_timeout=60,importance=5,send_flow_rem,actions=drop",
            "udp,nw_dst=192.168.1.1,tp_src=53,actions=mod_nw_dst:10.0.0.1,mod_tp_dst:5353,output:3",
            "icmp,tp_src=8,actions=goto_table:3", "arp,actions=FLOOD", "tcp6,tp_dst=22 actions=LOCAL",
            "ip nw_proto=17 actions=mod_dl_src:02:00:00:00:00:01,4,in_port", "priority=0 actions=",
        ]
        for line in lines {
            let fast = try #require(FlowLineFastPath.parse(line), "\(line)")
            #expect(fast == (try FlowParser.parseGeneral(line)), "\(line)")
        }
    }

    @Test("lines it does not know are left to the general parser")
    func declines() {
        for line in [
            "tcp,actions=output:1,goto_table:2,drop", "nw_src=10.0.0.1,actions=drop", "tp_dst=80,actions=drop",
            "arp,nw_src=10.0.0.1,actions=drop", "in_port=LOCAL,actions=drop", "in_port=65280,actions=drop",
            "cookie=1/1,actions=drop", "priority=70000,actions=drop", "tcp,actions=ct(commit)",
            "dl_vlan=5,actions=drop", "nw_src=10.0.0.1/255.0.0.0,ip,actions=drop", "duration=1s,actions=drop",
            "tcp,actions=output:CONTROLLER", "tcp", "ip,nw_src=10.0.0.0/0,actions=drop",
        ] {
            #expect(FlowLineFastPath.parse(line) == nil, "\(line)")
        }
    }

    @Test("generated lines: the fast path equals the general path whenever it answers")
    func generated() throws {
        var rng = SplitMix(seed: 0x5EED_0F_C7)
        var answered = 0
        let total = 20_000
        for _ in 0..<total {
            let line = Self.line(&rng)
            guard let fast = FlowLineFastPath.parse(line) else { continue }
            answered += 1
            let general: FlowMod
            do {
                general = try FlowParser.parseGeneral(line)
            } catch {
                Issue.record("fast path accepted a line the general parser refuses: \(line): \(error)")
                continue
            }
            #expect(fast == general, "\(line)")
            if fast != general { break }
        }
        // Many generated lines mix in something the fast path declines; enough must remain
        // answered (and so compared) for the test to mean something (about 3,000 with this seed).
        #expect(answered > total / 10, "answered \(answered) of \(total)")
    }

    // MARK: Generator

    static func line(_ rng: inout SplitMix) -> String {
        var parts: [String] = []
        for _ in 0..<rng.below(7) { parts.append(matchPart(&rng)) }
        var actions: [String] = []
        for _ in 0..<rng.below(4) { actions.append(actionPart(&rng)) }
        if rng.below(6) == 0 { actions.append("goto_table:\(rng.pick(["1", "254", "0x3", "256"]))") }
        let separators = [",", ",", ",", " ", ", ", "\t"]
        var line = parts.joined(separator: rng.pick(separators))
        if rng.below(30) != 0 { line += (line.isEmpty ? "" : rng.pick(separators)) + "actions=" }
        return line + actions.joined(separator: rng.pick([",", ",", " "]))
    }

    static func matchPart(_ rng: inout SplitMix) -> String {
        switch rng.below(22) {
        case 0: return rng.pick(["ip", "tcp", "udp", "icmp", "arp", "ipv4", "ipv6", "tcp6", "udp6", "sctp", "TCP"])
        case 1: return "priority=\(number(&rng, bits: 17))"
        case 2: return "table=\(number(&rng, bits: 9))"
        case 3: return "in_port=\(rng.pick([number(&rng, bits: 17), "LOCAL", "1", "65279", "65280"]))"
        case 4: return "\(rng.pick(["dl_src", "dl_dst", "eth_src", "eth_dst"]))=\(mac(&rng))"
        case 5, 6: return "\(rng.pick(["nw_src", "nw_dst", "ip_src", "ip_dst"]))=\(ipv4(&rng))"
        case 7, 8: return "\(rng.pick(["tp_src", "tp_dst"]))=\(number(&rng, bits: 17))"
        case 9: return "\(rng.pick(["nw_proto", "ip_proto"]))=\(rng.pick(["6", "17", "1", "58", "132", "0x6", "300"]))"
        case 10:
            return "\(rng.pick(["dl_type", "eth_type"]))=\(rng.pick(["0x0800", "0x86dd", "0x0806", "2048", "0x88cc"]))"
        case 11: return "cookie=\(rng.pick(["0x1f", "7", "0xffffffffffffffff", "1/1", "0x10000000000000000"]))"
        case 12:
            return "\(rng.pick(["idle_timeout", "hard_timeout", "importance"]))=\(number(&rng, bits: 17))"
        case 13: return rng.pick(["send_flow_rem", "check_overlap", "reset_counts", "no_byte_counts"])
        case 14: return rng.pick(["dl_vlan=5", "nw_tos=16", "reg0=1", "tcp_flags=+syn", "ct_state=+trk"])
        case 15: return rng.pick(["duration=1.5s", "n_packets=0", "priority", "nw_src", "bogus=1"])
        case 16: return rng.pick(["nw_src:10.0.0.1", "in_port(1)", "dl_src=00:11:22:33:44:55/ff:ff:ff:00:00:00"])
        default: return rng.pick(["tcp", "udp", "ip", "icmp"])
        }
    }

    static func actionPart(_ rng: inout SplitMix) -> String {
        switch rng.below(14) {
        case 0, 1, 2: return "\(rng.pick(["output:", "output=", "OUTPUT:", ""]))\(number(&rng, bits: 17))"
        case 3: return rng.pick(["drop", "DROP", "NORMAL", "normal", "FLOOD", "ALL", "LOCAL", "IN_PORT", "in_port"])
        case 4: return "\(rng.pick(["mod_dl_src", "mod_dl_dst", "MOD_DL_SRC"])):\(mac(&rng))"
        case 5: return "\(rng.pick(["mod_nw_src", "mod_nw_dst"])):\(ipv4(&rng))"
        case 6: return "\(rng.pick(["mod_tp_src", "mod_tp_dst"])):\(number(&rng, bits: 17))"
        case 7: return rng.pick(["CONTROLLER", "controller:100", "output:CONTROLLER", "output:NORMAL", "table"])
        case 8: return rng.pick(["ct(commit)", "resubmit(,2)", "load:1->NXM_NX_REG0[]", "dec_ttl", "strip_vlan"])
        case 9: return rng.pick(["set_field:1->reg0", "group:1", "meter:1", "goto_table:1", "output:0x10"])
        default: return "output:\(rng.below(64))"
        }
    }

    static func number(_ rng: inout SplitMix, bits: Int) -> String {
        let n = rng.below(1 << bits)
        switch rng.below(8) {
        case 0: return "0x" + String(n, radix: 16)
        case 1: return "0" + String(n)
        default: return String(n)
        }
    }

    static func mac(_ rng: inout SplitMix) -> String {
        let bytes = (0..<6).map { _ in String(rng.below(256), radix: 16) }
        switch rng.below(10) {
        case 0: return bytes.prefix(5).joined(separator: ":")
        case 1: return bytes.joined(separator: ":").uppercased()
        default: return bytes.joined(separator: ":")
        }
    }

    static func ipv4(_ rng: inout SplitMix) -> String {
        let a = (0..<4).map { _ in String(rng.below(rng.below(20) == 0 ? 300 : 256)) }.joined(separator: ".")
        switch rng.below(6) {
        case 0: return a + "/\(rng.below(34))"
        case 1: return a + "/255.255.0.0"
        case 2: return a + "/32"
        default: return a
        }
    }
}

/// A small seeded generator (SplitMix64), so a failure reproduces.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
