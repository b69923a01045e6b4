import Foundation

/// Swift types that stand for one OVSDB atom; the typed rows are built from these.
public protocol AtomConvertible: Sendable, Hashable {
    init?(atom: Atom)
    var atom: Atom { get }
    /// The value OVSDB gives a required column of this type that a row omits.
    static var zero: Self { get }
}

extension String: AtomConvertible {
    public init?(atom: Atom) {
        guard case .string(let value) = atom else { return nil }
        self = value
    }
    public var atom: Atom { .string(self) }
    public static var zero: String { "" }
}

extension Int64: AtomConvertible {
    public init?(atom: Atom) {
        guard case .integer(let value) = atom else { return nil }
        self = value
    }
    public var atom: Atom { .integer(self) }
    public static var zero: Int64 { 0 }
}

extension Double: AtomConvertible {
    public init?(atom: Atom) {
        guard let value = atom.realValue else { return nil }
        self = value
    }
    public var atom: Atom { .real(self) }
    public static var zero: Double { 0 }
}

extension Bool: AtomConvertible {
    public init?(atom: Atom) {
        guard case .boolean(let value) = atom else { return nil }
        self = value
    }
    public var atom: Atom { .boolean(self) }
    public static var zero: Bool { false }
}

extension UUID: AtomConvertible {
    public init?(atom: Atom) {
        guard case .uuid(let value) = atom else { return nil }
        self = value
    }
    public var atom: Atom { .uuid(self) }
    public static var zero: UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
}

/// Reading typed values out of a row; a missing or ill-typed column reads as its default, because
/// a replica row may come from a monitor that did not ask for that column.
extension Dictionary where Key == String, Value == Datum {
    public func scalar<T: AtomConvertible>(_ column: String, as type: T.Type = T.self) -> T {
        self[column]?.scalar.flatMap(T.init(atom:)) ?? T.zero
    }

    public func optional<T: AtomConvertible>(_ column: String, as type: T.Type = T.self) -> T? {
        self[column]?.scalar.flatMap(T.init(atom:))
    }

    public func array<T: AtomConvertible>(_ column: String, as type: T.Type = T.self) -> [T] {
        self[column]?.atoms.compactMap(T.init(atom:)) ?? []
    }

    public func dictionary<K: AtomConvertible, V: AtomConvertible>(
        _ column: String, as type: [K: V].Type = [K: V].self
    ) -> [K: V] {
        var result: [K: V] = [:]
        for entry in self[column]?.mapEntries ?? [] {
            if let key = K(atom: entry.key), let value = V(atom: entry.value) { result[key] = value }
        }
        return result
    }
}

extension Datum {
    public static func scalar<T: AtomConvertible>(_ value: T) -> Datum { .set([value.atom]) }
    public static func optional<T: AtomConvertible>(_ value: T?) -> Datum { value.map { .set([$0.atom]) } ?? .empty }
    public static func array<T: AtomConvertible>(_ values: [T]) -> Datum { .setOf(values.map(\.atom)) }
    public static func dictionary<K: AtomConvertible, V: AtomConvertible>(_ values: [K: V]) -> Datum {
        .mapOf(values.map { ($0.key.atom, $0.value.atom) })
    }
}
