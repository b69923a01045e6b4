import Foundation

/// The value of one column (RFC 7047 `<value>`): a set of atoms or a map of atoms to atoms.
/// A scalar column holds a one-element set. Sets and maps are kept sorted and free of duplicate
/// (keys), so two data that mean the same thing compare equal and print the same.
public enum Datum: Sendable, Hashable {
    case set([Atom])
    case map([MapEntry])

    public struct MapEntry: Sendable, Hashable {
        public var key: Atom
        public var value: Atom
        public init(_ key: Atom, _ value: Atom) {
            self.key = key
            self.value = value
        }
    }

    /// A one-element set: how a scalar column's value is written.
    public static func atom(_ atom: Atom) -> Datum { .set([atom]) }

    public static let empty: Datum = .set([])

    /// A set with duplicates removed, sorted.
    public static func setOf(_ atoms: some Sequence<Atom>) -> Datum {
        let atoms = Array(atoms)
        // Sets as servers send them are already sorted and unique (a 10,000-port bridge's `ports`
        // among them): one comparison per element instead of hashing and sorting.
        if zip(atoms, atoms.dropFirst()).allSatisfy({ $0 < $1 }) { return .set(atoms) }
        return .set(Array(Set(atoms)).sorted())
    }

    /// A map sorted by key; for a repeated key the last value wins.
    public static func mapOf(_ pairs: some Sequence<(Atom, Atom)>) -> Datum {
        var byKey: [Atom: Atom] = [:]
        for (key, value) in pairs { byKey[key] = value }
        return .map(byKey.keys.sorted().compactMap { key in byKey[key].map { MapEntry(key, $0) } })
    }

    public static func stringMap(_ dictionary: [String: String]) -> Datum {
        mapOf(dictionary.map { (Atom.string($0.key), Atom.string($0.value)) })
    }

    /// The atoms of a set, or the keys of a map.
    public var atoms: [Atom] {
        switch self {
        case .set(let atoms): return atoms
        case .map(let entries): return entries.map(\.key)
        }
    }

    public var count: Int {
        switch self {
        case .set(let atoms): return atoms.count
        case .map(let entries): return entries.count
        }
    }

    public var isEmpty: Bool { count == 0 }

    /// The only atom of a one-element set.
    public var scalar: Atom? {
        if case .set(let atoms) = self, atoms.count == 1 { return atoms[0] }
        return nil
    }

    public var mapEntries: [MapEntry] {
        if case .map(let entries) = self { return entries }
        return []
    }

    public subscript(key: Atom) -> Atom? {
        mapEntries.first { $0.key == key }?.value
    }

    /// A map of strings as a dictionary (other_config, external_ids, options…).
    public var stringDictionary: [String: String] {
        var result: [String: String] = [:]
        for entry in mapEntries {
            if let key = entry.key.stringValue, let value = entry.value.stringValue { result[key] = value }
        }
        return result
    }

    public var uuids: [UUID] { atoms.compactMap(\.uuidValue) }
    public var strings: [String] { atoms.compactMap(\.stringValue) }
    public var integers: [Int64] { atoms.compactMap(\.integerValue) }
}

extension Datum {
    /// RFC 7047 §5.1: a set with exactly one element is written as the bare atom; any other set as
    /// `["set", [...]]`; a map as `["map", [[k, v], ...]]`.
    public var json: JSON {
        switch self {
        case .set(let atoms):
            if atoms.count == 1 { return atoms[0].json }
            return .array(["set", .array(atoms.map(\.json))])
        case .map(let entries):
            return .array(["map", .array(entries.map { .array([$0.key.json, $0.value.json]) })])
        }
    }

    /// Reads a `<value>`; sets and maps are normalised (sorted, deduplicated).
    public init(json: JSON) throws(NotationError) {
        if case .array(let parts) = json, parts.count == 2, case .string(let tag) = parts[0] {
            switch tag {
            case "set":
                guard case .array(let elements) = parts[1] else {
                    throw NotationError("\"set\" needs an array: \(json)")
                }
                var atoms: [Atom] = []
                for element in elements { atoms.append(try Atom(json: element)) }
                self = .setOf(atoms)
                return
            case "map":
                guard case .array(let elements) = parts[1] else {
                    throw NotationError("\"map\" needs an array: \(json)")
                }
                var pairs: [(Atom, Atom)] = []
                for element in elements {
                    guard case .array(let pair) = element, pair.count == 2 else {
                        throw NotationError("map entry must be [key, value]: \(element)")
                    }
                    pairs.append((try Atom(json: pair[0]), try Atom(json: pair[1])))
                }
                self = .mapOf(pairs)
                return
            default:
                break
            }
        }
        self = .set([try Atom(json: json)])
    }

    /// Converts integer atoms in real positions (the only coercion RFC notation allows).
    public func coerced(to type: ColumnType) -> Datum {
        // Only integers in real positions change; every other datum is already right.
        guard type.key.type == .real || type.value?.type == .real else { return self }
        switch self {
        case .set(let atoms):
            return .setOf(atoms.map { $0.coerced(to: type.key.type) ?? $0 })
        case .map(let entries):
            let valueType = type.value?.type
            return .mapOf(
                entries.map { entry in
                    (
                        entry.key.coerced(to: type.key.type) ?? entry.key,
                        valueType.flatMap { entry.value.coerced(to: $0) } ?? entry.value
                    )
                })
        }
    }

    /// The default of a column type: the empty set/map, or, for a column that needs exactly one
    /// value, the zero of its key type (what OVSDB itself gives a row that omits the column).
    public static func defaultValue(for type: ColumnType) -> Datum {
        guard type.min == 1 else { return type.isMap ? .map([]) : .set([]) }
        let key: Atom
        switch type.key.type {
        case .integer: key = .integer(0)
        case .real: key = .real(0)
        case .boolean: key = .boolean(false)
        case .string: key = .string("")
        case .uuid: key = .uuid(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        }
        if let valueType = type.value {
            return .map([
                MapEntry(key, Datum.defaultValue(for: ColumnType(key: valueType, min: 1, max: 1)).scalar ?? key)
            ])
        }
        return .set([key])
    }
}

extension Datum: CustomStringConvertible {
    /// The `ovs-vsctl list` form: `[]`, `[a, b]`, `{k=v, …}`; a one-element set prints bare.
    public var description: String {
        switch self {
        case .set(let atoms):
            if atoms.count == 1 { return atoms[0].description }
            return "[" + atoms.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

extension Datum: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .set([.string(value)]) }
    public init(integerLiteral value: Int64) { self = .set([.integer(value)]) }
    public init(booleanLiteral value: Bool) { self = .set([.boolean(value)]) }
}

extension Datum {
    /// `ovs-vsctl`'s text for a value of `type` (`ovsdb_datum_to_string`): brackets only when the
    /// column may hold several values or holds none.
    public func formatted(as type: ColumnType) -> String {
        let bracketed = type.max > 1 || isEmpty
        if !bracketed, case .set(let atoms) = self, atoms.count == 1 { return atoms[0].description }
        let isMap = type.isMap
        var text = bracketed ? (isMap ? "{" : "[") : ""
        switch self {
        case .set(let atoms): text += atoms.map(\.description).joined(separator: ", ")
        case .map(let entries): text += entries.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
        if bracketed { text += isMap ? "}" : "]" }
        return text
    }
}
