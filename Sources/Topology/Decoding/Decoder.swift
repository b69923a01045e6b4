import TextSuggestions

/// Walks the YAML tree into the model, collecting every problem instead of stopping at the first.
/// Each `decodeX` returns nil (or skips the item) where the input was unusable and has recorded why.
struct Decoder {
    var diagnostics: [Diagnostic] = []
    /// Values whose `${…}` could not be resolved: already reported, so decoding them again
    /// ("VLAN must be a whole number, got ``") would only repeat the problem.
    var unresolved: Set<SourceLocation> = []

    mutating func error(_ location: SourceLocation, _ path: String, _ message: String, hint: String? = nil) {
        guard !unresolved.contains(location) else { return }
        diagnostics.append(Diagnostic(location: location, path: path, message: message, hint: hint))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// A mapping's entries; `null` (a bare `web1:`) reads as an empty mapping.
    mutating func mapping(_ node: YAMLNode, _ path: String, what: String) -> Fields? {
        if node.isNull { return Fields(path: path, location: node.location, entries: []) }
        guard case .mapping(let entries, let location) = node else {
            error(node.location, path, "expected a mapping for \(what), found \(node.kindName)")
            return nil
        }
        return Fields(path: path, location: location, entries: entries)
    }

    /// Reports keys outside `allowed`; `elsewhere` are keys that exist but do not fit here (e.g.
    /// `peer` on a VXLAN port), which get a reason instead of a spelling suggestion.
    mutating func checkKeys(
        _ fields: Fields, allowed: [String], elsewhere: [String: String] = [:]
    ) {
        for entry in fields.entries where !allowed.contains(entry.key) {
            let path = Self.join(fields.path, entry.key)
            if let reason = elsewhere[entry.key] {
                error(entry.keyLocation, path, "`\(entry.key)` \(reason)", hint: "remove it, or change the port's type")
            } else {
                error(
                    entry.keyLocation, path, "unknown key `\(entry.key)`",
                    hint: DidYouMean.hint(for: entry.key, among: allowed))
            }
        }
    }

    mutating func string(_ node: YAMLNode, _ path: String) -> String? {
        guard case .scalar(let text, _, _) = node, !node.isNull else {
            error(node.location, path, "expected a value, found \(node.kindName)")
            return nil
        }
        return text
    }

    mutating func int(
        _ node: YAMLNode, _ path: String, _ range: ClosedRange<Int>, what: String, hint: String? = nil
    ) -> Int? {
        guard let text = string(node, path) else { return nil }
        guard let value = Int(text) else {
            error(node.location, path, "\(what) must be a whole number, got `\(text)`", hint: hint)
            return nil
        }
        guard range.contains(value) else {
            error(
                node.location, path,
                "\(what) \(value) is outside \(range.lowerBound)–\(range.upperBound)", hint: hint)
            return nil
        }
        return value
    }

    mutating func bool(_ node: YAMLNode, _ path: String) -> Bool? {
        guard let text = string(node, path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(node.location, path, "expected true or false, got `\(text)`")
            return nil
        }
    }

    /// A list of scalars; a single scalar counts as a one-element list.
    mutating func strings(_ node: YAMLNode, _ path: String) -> [String] {
        if node.isNull { return [] }
        switch node {
        case .scalar(let text, _, _): return [text]
        case .sequence(let items, _):
            return items.enumerated().compactMap { string($0.element, path + "[\($0.offset)]") }
        case .mapping:
            error(node.location, path, "expected a list, found a mapping")
            return []
        }
    }

    mutating func ints(
        _ node: YAMLNode, _ path: String, _ range: ClosedRange<Int>, what: String, hint: String? = nil
    ) -> [Int] {
        if node.isNull { return [] }
        switch node {
        case .scalar: return int(node, path, range, what: what, hint: hint).map { [$0] } ?? []
        case .sequence(let items, _):
            return items.enumerated().compactMap {
                int($0.element, path + "[\($0.offset)]", range, what: what, hint: hint)
            }
        case .mapping:
            error(node.location, path, "expected a list of numbers, found a mapping")
            return []
        }
    }

    /// `key: value` pairs of strings (other_config, external_ids).
    mutating func stringMap(_ node: YAMLNode, _ path: String) -> [String: String] {
        guard let fields = mapping(node, path, what: "string pairs") else { return [:] }
        var result: [String: String] = [:]
        for entry in fields.entries {
            if let value = string(entry.value, Self.join(path, entry.key)) { result[entry.key] = value }
        }
        return result
    }
}

/// A mapping's entries with lookup by key.
struct Fields {
    let path: String
    let location: SourceLocation
    let entries: [YAMLEntry]

    subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

    func path(_ key: String) -> String { Decoder.join(path, key) }

    func has(_ key: String) -> Bool { self[key] != nil }
}
