import Foundation

/// Reading values in `ovs-vsctl` syntax: `br0`, `"a b"`, `10`, `[10, 20]`, `10,20`, `{k=v, x="y z"}`,
/// `true`, uuids. Needs the column type to know what the text means.
public enum DatumText {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses a whole column value. A set or map may be written with or without its brackets.
    public static func parse(_ text: String, as type: ColumnType) throws(ParseError) -> Datum {
        var body = text.trimmingCharacters(in: .whitespaces)
        if type.isMap {
            if body.hasPrefix("{"), body.hasSuffix("}") { body = String(body.dropFirst().dropLast()) }
            var pairs: [(Atom, Atom)] = []
            for item in try split(body) {
                guard let equals = indexOfUnquoted("=", in: item) else {
                    throw ParseError(message: "\(item): a map entry is key=value")
                }
                let key = try parseAtom(String(item[..<equals]), as: type.key)
                let value = try parseAtom(String(item[item.index(after: equals)...]), as: type.value ?? type.key)
                pairs.append((key, value))
            }
            return .mapOf(pairs)
        }
        if body.hasPrefix("["), body.hasSuffix("]") { body = String(body.dropFirst().dropLast()) }
        var atoms: [Atom] = []
        for item in try split(body) { atoms.append(try parseAtom(item, as: type.key)) }
        return .setOf(atoms)
    }

    /// One atom of `base`'s type; strings may be bare or in double quotes (JSON escapes).
    public static func parseAtom(_ rawText: String, as base: BaseType) throws(ParseError) -> Atom {
        let text = rawText.trimmingCharacters(in: .whitespaces)
        switch base.type {
        case .string:
            if text.hasPrefix("\"") {
                guard case .string(let value)? = try? JSON.parse(text) else {
                    throw ParseError(message: "\(text): unterminated or invalid quoted string")
                }
                return .string(value)
            }
            return .string(text)
        case .integer:
            guard let value = Int64(text) else { throw ParseError(message: "\(text) is not an integer") }
            return .integer(value)
        case .real:
            guard let value = Double(text) else { throw ParseError(message: "\(text) is not a real number") }
            return .real(value)
        case .boolean:
            guard text == "true" || text == "false" else { throw ParseError(message: "\(text) is not true or false") }
            return .boolean(text == "true")
        case .uuid:
            guard let value = UUID(ovsdbString: text) else { throw ParseError(message: "\(text) is not a uuid") }
            return .uuid(value)
        }
    }

    /// Splits on commas outside double quotes; empty text is no items.
    static func split(_ text: String) throws(ParseError) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if quoted {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                }
                continue
            }
            if character == "\"" { quoted = true }
            if character == "," {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if quoted { throw ParseError(message: "\(text): unterminated quoted string") }
        items.append(current)
        let trimmed = items.map { $0.trimmingCharacters(in: .whitespaces) }
        if trimmed == [""] { return [] }
        return trimmed
    }

    static func indexOfUnquoted(_ target: Character, in text: String) -> String.Index? {
        var quoted = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if quoted {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                }
                continue
            }
            if character == "\"" { quoted = true } else if character == target { return index }
        }
        return nil
    }
}
