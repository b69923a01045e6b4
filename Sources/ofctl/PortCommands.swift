import OpenFlow
import OpenFlowText

/// `mod-port SWITCH PORT ACTION`: one PORT_MOD that turns one config bit on or off.
enum PortCommands {
    /// ovs-ofctl's words, the config bit each one controls, and the bit's value for the plain
    /// word (`no-WORD` or `noWORD` inverts it). Bits 1, 3 and 4 (stp, receive-stp, flood) exist
    /// only in OpenFlow 1.0: in 1.4 they encode to nothing, and the switch changes nothing.
    static let words: [(word: String, bit: UInt32, on: Bool)] = [
        ("up", 1 << 0, false), ("down", 1 << 0, true), ("stp", 1 << 1, false), ("receive", 1 << 2, false),
        ("receive-stp", 1 << 3, false), ("flood", 1 << 4, false), ("forward", 1 << 5, false),
        ("packet-in", 1 << 6, false),
    ]
    static let openFlow14Bits: UInt32 = 1 << 0 | 1 << 2 | 1 << 5 | 1 << 6

    struct Change {
        var word: String
        var bit: UInt32
        var on: Bool
    }

    /// Parsed before connecting, so a misspelled word never reaches the switch.
    static func parse(_ text: String) throws(OfctlError) -> Change {
        let lower = text.lowercased()
        var word = lower
        var negated = false
        if lower.hasPrefix("no-") {
            word = String(lower.dropFirst(3))
            negated = true
        } else if lower.hasPrefix("no") {
            word = String(lower.dropFirst(2))
            negated = true
        }
        guard let w = words.first(where: { $0.word == word }) else {
            let all = words.flatMap { [$0.word, "no-" + $0.word] }.filter { $0 != "no-up" && $0 != "no-down" }
            throw .usage("unknown mod-port command '\(text)'; expected one of \(all.joined(separator: ", "))")
        }
        return Change(word: text, bit: w.bit, on: w.on != negated)
    }

    static func modPort(_ s: Session, _ port: String, _ change: Change) async throws(OfctlError) {
        let ports = try await s.run("port descriptions") { try await s.handle.ports() }
        // A number (or reserved name) first, then a port name: the order ovs-ofctl looks them up in.
        let number = PortSyntax.parse(port)
        guard let p = ports.first(where: { $0.portNumber == number }) ?? ports.first(where: { $0.name == port })
        else {
            throw .failed("\(s.target): couldn't find port '\(port)'")
        }
        let bits = change.bit & openFlow14Bits
        if bits == 0 {
            Output.error(
                "ofctl: note: '\(change.word)' has no OpenFlow 1.4 config bit; the switch leaves the port unchanged")
        }
        // The port's current hardware address, as OpenFlow requires (the switch checks it).
        let mod = PortMod(
            portNumber: p.portNumber, hardwareAddress: p.hardwareAddress,
            config: PortConfig(rawValue: change.on ? bits : 0), mask: PortConfig(rawValue: bits))
        try await s.apply([.portMod(mod)], bundle: false)
    }
}
