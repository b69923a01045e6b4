import TextSuggestions

/// `${…}` references in values, so a multi-node file states each address once:
/// `${NAME}` (top-level `variables:`), `${node.NODE.underlay_ip}` / `${node.NODE.VAR}` (a node's
/// `underlay_ip` and `variables:`), `${plugin.NAME.ip}` / `.mac` / `.port` (a plugin's address
/// without its prefix length, MAC and port), `${env.NAME}` (the environment the caller passes in).
/// Overrides (`--var NAME=VALUE`) replace top-level variables. Values may reference others;
/// a cycle is an error (reported once, naming the variables in it).
///
/// Each definition is expanded once and remembered (`Expansions`), so variables that double each
/// other twenty times over cost twenty expansions, not a million; a value may not grow past
/// `maximumValueLength`, nor all expansion together past `maximumExpandedBytes`.
struct VariableScope {
    /// No topology value needs more; a file whose references build longer ones is refused.
    static let maximumValueLength = 64 * 1024
    /// Every expanded value of the file together.
    static let maximumExpandedBytes = 16 * 1024 * 1024

    struct Definition {
        var value: String
        var location: SourceLocation
        var path: String
    }

    var variables: [String: Definition] = [:]
    var nodes: [String: [String: Definition]] = [:]
    var plugins: [String: [String: Definition]] = [:]
    /// Plugin names declared on more than one bridge: a reference to them is ambiguous.
    var ambiguousPlugins: Set<String> = []
    var environment: [String: String] = [:]
    /// The file's own top-level variable names, and the `--var` names that are not among them:
    /// such an override would change nothing, and a typo in it must not go unnoticed.
    var declaredVariables: [String] = []
    var undeclaredOverrides: [String] = []
    /// What each definition expanded to, and what is being expanded now (for cycles).
    let expansions = Expansions()

    final class Expansions {
        enum Outcome {
            case value(String)
            /// Reported once where it was found; a later reference adds nothing.
            case failed
        }

        var done: [String: Outcome] = [:]
        /// The definitions being expanded, outermost first: their keys and the names they are
        /// referred to by.
        var inProgress: [(key: String, name: String)] = []
        var expandedBytes = 0
        /// References met to a definition that failed (its error was reported once, elsewhere).
        var failedReferences = 0
    }

    /// Collects the definitions from the raw tree (before anything is decoded).
    init(root: YAMLNode, environment: [String: String], overrides: [String: String], singleNodeName: String) {
        self.environment = environment
        guard case .mapping(let entries, _) = root else { return }
        func definitions(_ node: YAMLNode?, _ path: String) -> [String: Definition] {
            guard case .mapping(let entries, _)? = node else { return [:] }
            var result: [String: Definition] = [:]
            for entry in entries {
                if let text = entry.value.text {
                    result[entry.key] = Definition(
                        value: text, location: entry.value.location, path: Decoder.join(path, entry.key))
                }
            }
            return result
        }
        let top = Fields(path: "", location: root.location, entries: entries)
        variables = definitions(top["variables"], "variables")
        declaredVariables = variables.keys.sorted()
        for (name, value) in overrides {
            guard variables[name] != nil else {
                undeclaredOverrides.append(name)
                continue
            }
            variables[name] = Definition(
                value: value, location: SourceLocation(file: "--var", line: 1, column: 1), path: "--var \(name)")
        }
        func nodeDefinitions(_ fields: [YAMLEntry], _ path: String) -> [String: Definition] {
            let node = Fields(path: path, location: root.location, entries: fields)
            var result = definitions(node["variables"], Decoder.join(path, "variables"))
            if let underlay = node["underlay_ip"], let text = underlay.text {
                result["underlay_ip"] = Definition(
                    value: text, location: underlay.location, path: Decoder.join(path, "underlay_ip"))
            }
            if let endpoint = node["ovsdb"], let text = endpoint.text {
                result["ovsdb"] = Definition(
                    value: text, location: endpoint.location, path: Decoder.join(path, "ovsdb"))
            }
            return result
        }
        if case .mapping(let nodeEntries, _)? = top["nodes"] {
            for entry in nodeEntries {
                if case .mapping(let fields, _) = entry.value {
                    nodes[entry.key] = nodeDefinitions(fields, "nodes.\(entry.key)")
                    collectPlugins(Fields(path: "nodes.\(entry.key)", location: root.location, entries: fields))
                }
            }
        } else {
            nodes[singleNodeName] = nodeDefinitions(entries, "")
            collectPlugins(top)
        }
    }

    /// One error per `--var` the file has no top-level variable for, naming the ones it has.
    func reportUndeclaredOverrides(into decoder: inout Decoder) {
        for name in undeclaredOverrides.sorted() {
            decoder.error(
                SourceLocation(file: "--var", line: 1, column: 1), "--var \(name)",
                "the file has no top-level variable `\(name)`",
                hint: declaredVariables.isEmpty
                    ? "--var replaces a value under the file's top-level `variables:`, and it has none"
                    : DidYouMean.hint(for: name, among: declaredVariables))
        }
    }

    /// Every bridge's `plugins:` entries of one node, as `ip` (prefix length dropped), `mac`, `port`.
    private mutating func collectPlugins(_ node: Fields) {
        guard case .mapping(let bridges, _)? = node["bridges"] else { return }
        for bridge in bridges {
            guard case .mapping(let bridgeFields, _) = bridge.value,
                case .mapping(let pluginEntries, _)? = bridgeFields.first(where: { $0.key == "plugins" })?.value
            else { continue }
            for plugin in pluginEntries {
                guard case .mapping(let fields, _) = plugin.value else { continue }
                if plugins[plugin.key] != nil { ambiguousPlugins.insert(plugin.key) }
                var definitions: [String: Definition] = [:]
                for field in fields where ["ip", "mac", "port"].contains(field.key) {
                    guard var text = field.value.text else { continue }
                    if field.key == "ip", let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
                    definitions[field.key] = Definition(
                        value: text, location: field.value.location,
                        path: Decoder.join(node.path, "bridges.\(bridge.key).plugins.\(plugin.key).\(field.key)"))
                }
                plugins[plugin.key] = definitions
            }
        }
    }

    /// The tree with every reference in a value replaced; problems go to `decoder`.
    func substitute(_ node: YAMLNode, path: String, into decoder: inout Decoder) -> YAMLNode {
        switch node {
        case .scalar(let text, let quoted, let location):
            guard Self.mayReference(text) else { return node }
            let before = (decoder.diagnostics.count, expansions.failedReferences)
            let value = expand(text, location, path, &decoder)
            if (decoder.diagnostics.count, expansions.failedReferences) != before {
                decoder.unresolved.insert(location)
            }
            return .scalar(value, quoted: quoted, location)
        case .sequence(let items, let location):
            return .sequence(
                items.enumerated().map { index, item in
                    // A scalar without a reference stays as it is and needs no path: building one
                    // per item was most of this walk over a list of ten thousand rules.
                    if case .scalar(let text, _, _) = item, !Self.mayReference(text) { return item }
                    return substitute(item, path: path + "[\(index)]", into: &decoder)
                },
                location)
        case .mapping(let entries, let location):
            return .mapping(
                entries.map {
                    YAMLEntry(
                        key: $0.key, keyLocation: $0.keyLocation,
                        value: substitute($0.value, path: Decoder.join(path, $0.key), into: &decoder))
                }, location)
        }
    }

    /// Whether `text` holds the bytes `${`. Every scalar of the file passes here, and
    /// `String.contains("${")` is Foundation's locale-aware search (most of the time substitution
    /// took on a file of ten thousand rules). Anything that search finds holds these bytes, and a
    /// scalar `expand` finds no reference in comes back unchanged, so the result is the same.
    static func mayReference(_ text: String) -> Bool {
        func scan(_ bytes: some Sequence<UInt8>) -> Bool {
            var afterDollar = false
            for byte in bytes {
                if afterDollar && byte == UInt8(ascii: "{") { return true }
                afterDollar = byte == UInt8(ascii: "$")
            }
            return false
        }
        // In place where the string is contiguous (native ones are): stepping a UTF8View byte by
        // byte costs several times as much.
        return text.utf8.withContiguousStorageIfAvailable(scan) ?? scan(text.utf8)
    }

    private func expand(
        _ text: String, _ location: SourceLocation, _ path: String, _ decoder: inout Decoder
    ) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                expansions.failedReferences += 1
                decoder.error(location, path, "unterminated reference in `\(text)`", hint: "write ${NAME}")
                return result + rest[start.lowerBound...]
            }
            let reference = String(rest[start.upperBound..<end])
            result += resolve(reference, location, path, &decoder) ?? ""
            rest = rest[rest.index(after: end)...]
            guard result.utf8.count + rest.utf8.count <= Self.maximumValueLength else {
                expansions.failedReferences += 1
                decoder.error(
                    location, path, "the value grows past \(Self.maximumValueLength) bytes as its references expand",
                    hint: "a topology value is an address, a name or a number: check what the variables refer to")
                return ""
            }
        }
        return result + rest
    }

    /// The value of `${reference}`, or nil (counted in `failedReferences`) when it has none:
    /// a failure is counted even where its error is not repeated, so whatever depends on it
    /// fails too rather than going on with an empty value.
    private func resolve(
        _ reference: String, _ location: SourceLocation, _ path: String, _ decoder: inout Decoder
    ) -> String? {
        let value = lookUp(reference, location, path, &decoder)
        if value == nil { expansions.failedReferences += 1 }
        return value
    }

    private func lookUp(
        _ reference: String, _ location: SourceLocation, _ path: String, _ decoder: inout Decoder
    ) -> String? {
        let parts = reference.split(separator: ".", maxSplits: 2).map(String.init)
        let definition: Definition?
        if parts.first == "env", parts.count == 2 {
            guard let value = environment[parts[1]] else {
                decoder.error(
                    location, path, "environment variable \(parts[1]) is not set",
                    hint: "export \(parts[1])=… or pass --var")
                return nil
            }
            return value
        } else if parts.first == "node", parts.count == 3 {
            guard let node = nodes[parts[1]] else {
                decoder.error(
                    location, path, "`${\(reference)}` refers to an unknown node `\(parts[1])`",
                    hint: DidYouMean.hint(for: parts[1], among: nodes.keys.sorted()))
                return nil
            }
            definition = node[parts[2]]
            if definition == nil {
                decoder.error(
                    location, path, "node `\(parts[1])` has no `\(parts[2])`",
                    hint: DidYouMean.hint(for: parts[2], among: node.keys.sorted()))
                return nil
            }
        } else if parts.first == "plugin", parts.count == 3 {
            guard let plugin = plugins[parts[1]], !ambiguousPlugins.contains(parts[1]) else {
                decoder.error(
                    location, path,
                    ambiguousPlugins.contains(parts[1])
                        ? "`${\(reference)}`: plugin `\(parts[1])` is declared on more than one bridge"
                        : "`${\(reference)}` refers to an unknown plugin `\(parts[1])`",
                    hint: ambiguousPlugins.contains(parts[1])
                        ? "give the plugins different names"
                        : plugins.isEmpty
                            ? "declare it under the bridge's `plugins:`"
                            : DidYouMean.hint(for: parts[1], among: plugins.keys.sorted()))
                return nil
            }
            definition = plugin[parts[2]]
            if definition == nil {
                decoder.error(
                    location, path, "plugin `\(parts[1])` has no `\(parts[2])`",
                    hint: DidYouMean.hint(for: parts[2], among: plugin.keys.sorted()))
                return nil
            }
        } else {
            definition = variables[reference]
            if definition == nil {
                let known = variables.keys.sorted()
                decoder.error(
                    location, path, "unknown variable `\(reference)`",
                    hint: known.isEmpty
                        ? "define it under `variables:`, or use ${node.NAME.underlay_ip} / ${env.NAME}"
                        : DidYouMean.hint(for: reference, among: known))
                return nil
            }
        }
        guard let definition else { return nil }
        return expanded(definition, named: reference, &decoder)
    }

    /// `definition`'s value with its own references expanded: once per definition, the outcome
    /// remembered. A definition met again while it is being expanded is a cycle, reported once
    /// at the definition that closes it, naming the variables in it.
    private func expanded(_ definition: Definition, named name: String, _ decoder: inout Decoder) -> String? {
        let key = definition.path
        switch expansions.done[key] {
        case .value(let value)?: return value
        case .failed?:
            expansions.failedReferences += 1
            return nil
        case nil: break
        }
        if let start = expansions.inProgress.firstIndex(where: { $0.key == key }) {
            // Told from its smallest name, so one cycle reads the same wherever it was entered.
            var names = expansions.inProgress[start...].map(\.name)
            if let first = names.indices.min(by: { names[$0] < names[$1] }) {
                names = Array(names[first...] + names[..<first])
            }
            expansions.failedReferences += 1
            decoder.error(
                definition.location, definition.path,
                "variables refer to each other in a cycle: \((names + [names[0]]).joined(separator: " → "))")
            for member in expansions.inProgress[start...] { expansions.done[member.key] = .failed }
            return nil
        }
        expansions.inProgress.append((key, name))
        let before = (decoder.diagnostics.count, expansions.failedReferences)
        let value = expand(definition.value, definition.location, definition.path, &decoder)
        expansions.inProgress.removeLast()
        if expansions.done[key] != nil {  // it was part of a cycle found below it
            expansions.failedReferences += 1
            return nil
        }
        expansions.expandedBytes += value.utf8.count
        guard expansions.expandedBytes <= Self.maximumExpandedBytes else {
            decoder.error(
                definition.location, definition.path,
                "expanding variables produced more than \(Self.maximumExpandedBytes / 1024 / 1024) MiB in all")
            expansions.done[key] = .failed
            return nil
        }
        // A definition that failed, or refers to one that did, fails too: its references are
        // marked unresolved without a second error.
        guard (decoder.diagnostics.count, expansions.failedReferences) == before else {
            expansions.done[key] = .failed
            expansions.failedReferences += 1
            return nil
        }
        expansions.done[key] = .value(value)
        return value
    }
}
