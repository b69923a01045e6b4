import Foundation

/// The five atomic types of RFC 7047 §3.1.
public enum AtomicType: String, Sendable, Hashable, CaseIterable {
    case integer, real, boolean, string, uuid
}

/// One atomic value. `namedUUID` only appears in operations: it names a row inserted earlier in
/// the same transaction (`uuid-name`) and the server replaces it with the real uuid.
public enum Atom: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case string(String)
    case uuid(UUID)
    case namedUUID(String)

    /// The atomic type; a named uuid is a uuid.
    public var type: AtomicType {
        switch self {
        case .integer: return .integer
        case .real: return .real
        case .boolean: return .boolean
        case .string: return .string
        case .uuid, .namedUUID: return .uuid
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var realValue: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    public var booleanValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    public var uuidValue: UUID? {
        if case .uuid(let value) = self { return value }
        return nil
    }
}

extension UUID {
    /// OVSDB writes uuids in lowercase (`ovs-vsctl`, `ovsdb-client` and the server all do).
    /// Formatted by hand: Foundation's `uuidString` goes through printf, and a replica of 10,000
    /// ports formats and sorts hundreds of thousands of uuids.
    public var ovsdbString: String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    output[position] = hex[Int(byte >> 4)]
                    output[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Parses the 36-character text form (either case) without going through sscanf.
    public init?(ovsdbString text: String) {
        guard text.utf8.count == 36 else { return nil }
        var string = text
        let parsed: uuid_t? = string.withUTF8 { chars -> uuid_t? in
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &value) { bytes -> Bool in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard chars[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = UUID.hexValue(chars[position]), let low = UUID.hexValue(chars[position + 1]) else {
                        return false
                    }
                    bytes[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return ok ? value : nil
        }
        guard let parsed else { return nil }
        self.init(uuid: parsed)
    }

    static func hexValue(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The order of `ovsdbString`s (the order OVSDB keeps uuid sets in), without formatting:
    /// hex text sorts like the bytes it encodes.
    public func ovsdbPrecedes(_ other: UUID) -> Bool {
        withUnsafeBytes(of: uuid) { lhs in
            withUnsafeBytes(of: other.uuid) { rhs in lhs.lexicographicallyPrecedes(rhs) }
        }
    }
}

/// Errors reading OVSDB JSON notation: what was expected, and the JSON that was found.
public struct NotationError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Atom {
    /// RFC 7047 §5.1 `<atom>`: numbers, booleans and strings are bare JSON; uuids are
    /// `["uuid", "…"]`; named uuids are `["named-uuid", "name"]`.
    public var json: JSON {
        switch self {
        case .integer(let value): return .integer(value)
        case .real(let value): return .real(value)
        case .boolean(let value): return .bool(value)
        case .string(let value): return .string(value)
        case .uuid(let value): return .array(["uuid", .string(value.ovsdbString)])
        case .namedUUID(let name): return .array(["named-uuid", .string(name)])
        }
    }

    /// Reads an `<atom>` without knowing its column type.
    public init(json: JSON) throws(NotationError) {
        switch json {
        case .integer(let value): self = .integer(value)
        case .real(let value): self = .real(value)
        case .bool(let value): self = .boolean(value)
        case .string(let value): self = .string(value)
        case .array(let pair) where pair.count == 2:
            guard case .string(let tag) = pair[0], case .string(let text) = pair[1] else {
                throw NotationError("expected an atom, got \(json)")
            }
            switch tag {
            case "uuid":
                guard let uuid = UUID(ovsdbString: text) else { throw NotationError("invalid uuid \"\(text)\"") }
                self = .uuid(uuid)
            case "named-uuid":
                guard Atom.isValidUUIDName(text) else { throw NotationError("invalid named-uuid \"\(text)\"") }
                self = .namedUUID(text)
            default:
                throw NotationError("expected an atom, got \(json)")
            }
        default:
            throw NotationError("expected an atom, got \(json)")
        }
    }

    /// `uuid-name`s are identifiers: `[_a-zA-Z][_a-zA-Z0-9]*`.
    public static func isValidUUIDName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
        }
    }

    /// Converts to `type` where the notation is ambiguous: an integer in a real column is the same
    /// number. Anything else must already have the right type.
    public func coerced(to type: AtomicType) -> Atom? {
        if self.type == type { return self }
        if type == .real, case .integer(let value) = self { return .real(Double(value)) }
        return nil
    }
}

extension Atom: Comparable {
    /// Sets and maps are kept sorted: atoms of one type in their natural order (OVSDB's own), and
    /// types in a fixed order so that mixed (invalid) sets still sort deterministically.
    public static func < (lhs: Atom, rhs: Atom) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a < b
        case (.real(let a), .real(let b)): return a < b
        case (.boolean(let a), .boolean(let b)): return !a && b
        case (.string(let a), .string(let b)): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        case (.uuid(let a), .uuid(let b)): return a.ovsdbPrecedes(b)
        case (.namedUUID(let a), .namedUUID(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }

    private var rank: Int {
        switch self {
        case .integer: return 0
        case .real: return 1
        case .boolean: return 2
        case .string: return 3
        case .uuid: return 4
        case .namedUUID: return 5
        }
    }
}

extension Atom: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension Atom: CustomStringConvertible {
    /// The `ovs-vsctl` text form: strings quoted only when they need it, uuids bare.
    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .real(let value): return Atom.formatReal(value)
        case .boolean(let value): return value ? "true" : "false"
        case .string(let value): return Atom.quoteIfNeeded(value)
        case .uuid(let value): return value.ovsdbString
        case .namedUUID(let name): return name
        }
    }

    /// ovs-vsctl prints reals as C's `%.15g`.
    static func formatReal(_ value: Double) -> String {
        String(format: "%.15g", value)
    }

    /// OVS's rule (`ovsdb_atom_to_string`): a string is printed bare when it reads back as the same
    /// string — it is a valid identifier-like token and not a number, boolean or uuid-looking word.
    static func quoteIfNeeded(_ value: String) -> String {
        let utf8 = value.utf8
        if let first = utf8.first, isLetter(first) || first == UInt8(ascii: "_"), utf8.allSatisfy(isPlainByte),
            !looksLikeOtherType(value)
        {
            return value
        }
        var output = ""
        JSON.writeString(value, to: &output)
        return output
    }

    /// C's `isalpha` in the C locale: ASCII letters only (OVS's rule; no Unicode lookups).
    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isPlainByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    static func looksLikeOtherType(_ value: String) -> Bool {
        value == "true" || value == "false" || (value.utf8.count == 36 && UUID(ovsdbString: value) != nil)
    }
}
