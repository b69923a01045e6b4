import OpenFlow

/// A compiled policy moved to other port numbers, instead of compiled again.
///
/// Why: a bridge that `apply` creates has no port numbers when the file is checked, so the check
/// compiles against placeholders and the live numbers are known only after the OVSDB
/// transaction. Compiling ten thousand rules a second time was a fifth of a first apply.
///
/// Why it gives what compiling again gives: the compiler takes a port's number only from
/// `BridgePolicy.portNumbers`, and puts it only into an `in_port` match, an output action and
/// THROUGH's `in_port` load. It never orders, dedupes or chooses flows by number. So replacing
/// each number there, through a one-to-one map, is the whole difference.
/// `PolicyRenumberingTests` compiles every example topology both ways and compares.
extension CompiledPolicy {
    /// This policy as compiled with `new` port numbers, given it was compiled with `old`. Nil
    /// unless both name the same ports and each gives every port its own number (the map must
    /// be one-to-one, or two ports' flows would merge).
    public func renumbered(from old: [String: UInt32], to new: [String: UInt32]) -> CompiledPolicy? {
        guard let ports = PortRenumbering(from: old, to: new) else { return nil }
        guard !ports.isIdentity else { return self }
        var result = self
        for index in result.flows.indices {
            result.flows[index].flow = ports.apply(to: result.flows[index].flow)
        }
        for index in result.groups.indices {
            result.groups[index].group.buckets = result.groups[index].group.buckets.map(ports.apply)
        }
        return result
    }
}

/// Replaces port numbers where a flow carries them: `in_port` (OXM or NXM) in matches and
/// set-fields, output actions, group buckets' actions and watch port. Also used by `apply` to
/// bind a plan's placeholder numbers to the ports its OVSDB transaction created.
public struct PortRenumbering: Sendable {
    let map: [UInt32: UInt32]

    /// `map` takes old numbers to new ones; numbers it does not name stay.
    public init(map: [UInt32: UInt32]) { self.map = map }

    /// The map from `old` numbering to `new` (by port name), nil unless both name the same ports
    /// and each is one to one.
    public init?(from old: [String: UInt32], to new: [String: UInt32]) {
        guard old.count == new.count, Set(old.values).count == old.count, Set(new.values).count == new.count
        else { return nil }
        var map: [UInt32: UInt32] = [:]
        for (name, before) in old {
            guard let after = new[name] else { return nil }
            if before != after { map[before] = after }
        }
        self.map = map
    }

    public var isIdentity: Bool { map.isEmpty }

    private func port(_ number: UInt32) -> UInt32 { map[number] ?? number }

    /// A bundle's message renumbered: flow mods and group mods; anything else as it is.
    public func apply(to body: OFMessage.Body) -> OFMessage.Body {
        switch body {
        case .flowMod(let flow): return .flowMod(apply(to: flow))
        case .groupMod(var group):
            group.buckets = group.buckets.map(apply)
            return .groupMod(group)
        default: return body
        }
    }

    public func apply(to flow: FlowMod) -> FlowMod {
        var flow = flow
        flow.match = apply(to: flow.match)
        flow.instructions = flow.instructions.map(apply)
        return flow
    }

    public func apply(to bucket: Bucket) -> Bucket {
        var bucket = bucket
        bucket.actions = bucket.actions.map(apply)
        bucket.watchPort = PortNumber(rawValue: port(bucket.watchPort.rawValue))
        return bucket
    }

    /// The match's `in_port` TLV rewritten in its bytes; a match without one is returned as is
    /// (most are not decoded at all).
    private func apply(to match: Match) -> Match {
        match.withTLVBytes { tlvs -> Match in
            var offset = 0
            while offset + 4 <= tlvs.count {
                let header = tlvs.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian
                let length = Int(header & 0xFF)
                if header == Self.inPortHeader, offset + 8 <= tlvs.count {
                    let number = tlvs.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).bigEndian
                    guard let renumbered = map[number] else { return match }
                    var bytes = Array(tlvs)
                    withUnsafeBytes(of: renumbered.bigEndian) {
                        bytes.replaceSubrange(offset + 4..<offset + 8, with: $0)
                    }
                    return bytes.withUnsafeBytes { Match(encodedTLVs: $0) }
                }
                offset += 4 + length
            }
            return match
        }
    }

    /// OXM_OF_IN_PORT, unmasked: class 0x8000, field 0, 4 bytes.
    private static let inPortHeader: UInt32 = 0x8000_0004

    private func apply(to instruction: Instruction) -> Instruction {
        switch instruction {
        case .applyActions(let actions): .applyActions(actions.map(apply))
        case .writeActions(let actions): .writeActions(actions.map(apply))
        default: instruction
        }
    }

    private func apply(to action: Action) -> Action {
        switch action {
        case .output(let number, let maxLength):
            return .output(port: PortNumber(rawValue: port(number.rawValue)), maxLength: maxLength)
        case .setField(let field) where field.mask == nil && (field.id == .inPort || field.id == .nxmInPort):
            let renumbered = port(UInt32(truncatingIfNeeded: field.value.integer))
            return .setField(OXMField(id: field.id, value: OXMValue(UInt128(renumbered), width: field.value.width)))
        case .nicira(.ct(var conntrack)):
            conntrack.actions = conntrack.actions.map(apply)
            return .nicira(.ct(conntrack))
        default:
            return action
        }
    }
}
