/// What identifies a flow in a table (as OpenFlow's strict modify and delete do): table, priority
/// and match. Match fields are compared as a set, because a switch reports them in its own order.
/// The compiler keys the flows it emits with it, and the Reconciler (and so ofctl's replace-flows
/// and diff-flows) the desired and the installed flows: one identity for a flow everywhere.
public struct FlowKey: Hashable, Sendable, Comparable {
    public let table: UInt8
    public let priority: UInt16
    /// The match with its fields in canonical order, compared and hashed as bytes: a plan keys
    /// every desired and every installed flow, and decoding each match into fields to sort them
    /// cost more than the rest of planning.
    public let match: Match

    public init(table: UInt8, priority: UInt16, match: Match) {
        self.table = table
        self.priority = priority
        self.match = match.canonical
    }

    /// The match's fields in `fieldOrder`.
    public var fields: [OXMField] { match.fields.sorted(by: FlowKey.fieldOrder) }

    /// Tables in order, higher priorities first, so a plan reads like a dump.
    public static func < (a: FlowKey, b: FlowKey) -> Bool {
        precedes(a, a.fields, b, b.fields)
    }

    /// `a < b`, given both keys' `fields` (sorting many keys decodes each one once).
    package static func precedes(_ a: FlowKey, _ aFields: [OXMField], _ b: FlowKey, _ bFields: [OXMField]) -> Bool {
        if a.table != b.table { return a.table < b.table }
        if a.priority != b.priority { return a.priority > b.priority }
        return aFields.lexicographicallyPrecedes(bFields, by: fieldOrder)
    }

    package static func fieldOrder(_ a: OXMField, _ b: OXMField) -> Bool {
        if a.id.oxmClass.rawValue != b.id.oxmClass.rawValue { return a.id.oxmClass.rawValue < b.id.oxmClass.rawValue }
        if a.id.field != b.id.field { return a.id.field < b.id.field }
        if a.id.experimenter != b.id.experimenter { return a.id.experimenter < b.id.experimenter }
        if a.value.integer != b.value.integer { return a.value.integer < b.value.integer }
        return (a.mask?.integer ?? 0) < (b.mask?.integer ?? 0)
    }
}
