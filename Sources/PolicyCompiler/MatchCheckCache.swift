import OpenFlow

/// Remembers `Match.validate`'s verdict for each shape of match the compiler has checked, so
/// thirty thousand flows built by the same few `MatchBuilder` calls are validated a handful of
/// times, not once each (validating was the largest part of emitting a flow).
///
/// A match's verdict depends only on its fields' ids, which are masked, and the values and masks
/// of fields some prerequisite names (eth_type, ip_proto, vlan_vid, ct_state, ...): duplicates and
/// masks are judged by id, prerequisites by those values. The shape keeps exactly that and drops
/// every other value (addresses, ports), so equal shapes have equal verdicts, messages included.
/// It is a word or two a field, so building and hashing it costs far less than the check it saves.
struct MatchCheckCache {
    private var verdicts: [[UInt64]: String?] = [:]
    /// Where each match's shape is built: reused, so looking a shape up allocates nothing.
    private var shape: [UInt64] = []

    /// Nil when the fields make a valid match, else why not (as `Match.validate` says it).
    mutating func problem(with fields: [OXMField]) -> String? {
        guard Self.shape(of: fields, into: &shape) else { return Self.validate(fields) }
        if let known = verdicts[shape] { return known }
        let verdict = Self.validate(fields)
        verdicts[shape] = verdict
        return verdict
    }

    private static func validate(_ fields: [OXMField]) -> String? {
        do throws(OFDecodeError) {
            try Match.validate(fields)
            return nil
        } catch {
            return error.description
        }
    }

    /// Per field: its class, number and whether it is masked; then, only for a field a
    /// prerequisite may name, its value and mask (32 bits each, which every such field fits). False for what
    /// does not fit those words (experimenter fields, wider values): checked every time.
    private static func shape(of fields: [OXMField], into shape: inout [UInt64]) -> Bool {
        shape.removeAll(keepingCapacity: true)
        for field in fields {
            guard field.id.oxmClass != .experimenter else { return false }
            let id = UInt64(field.id.oxmClass.rawValue) << 8 | UInt64(field.id.field)
            shape.append(id << 1 | (field.mask == nil ? 0 : 1))
            // Whether a value word follows is known from the id word, so shapes stay distinct.
            guard prerequisiteFields.contains(UInt32(truncatingIfNeeded: id)) else { continue }
            let value = field.value.integer
            let mask = field.mask?.integer ?? 0
            guard value <= UInt32.max, mask <= UInt32.max else { return false }
            shape.append(UInt64(value) << 32 | UInt64(mask))
        }
        return true
    }

    /// Every field (class << 8 | number) a prerequisite can be met by: the fields prerequisites
    /// name, and their other spellings (NXM) whose canonical field is one of them. A handful, so
    /// a scan beats hashing.
    private static let prerequisiteFields: [UInt32] = {
        let named = Set(OXMFieldTable.all.flatMap { $0.prerequisites.map(\.field) })
        let ids = named.union(OXMFieldTable.all.filter { named.contains($0.canonical) }.map(\.id))
        return ids.map { UInt32($0.oxmClass.rawValue) << 8 | UInt32($0.field) }.sorted()
    }()
}
