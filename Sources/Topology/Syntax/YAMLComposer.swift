import Yams

/// Reads YAML text into a `YAMLNode` tree with Yams' composer (`compose`, not `load`): the node
/// API keeps every value's `Mark`, which decoding to dictionaries would lose.
enum YAMLComposer {
    static func compose(_ text: String, file: String) -> Result<YAMLNode, Diagnostic> {
        let root: Yams.Node?
        do {
            // The basic resolver: every scalar stays a string (the decoder types it), and the
            // default resolver's regular expressions per scalar were most of the load time.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: 1, column: 1), path: "",
                    message: "cannot read YAML: \(error)"))
        }
        guard let root else {
            return .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: 1, column: 1), path: "", message: "the file is empty",
                    hint: "start with `name: my-topology`; see Docs/topology.md"))
        }
        return .success(convert(root, file: file))
    }

    static func convert(_ node: Yams.Node, file: String) -> YAMLNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, quoted: scalar.style != .plain && scalar.style != .any, location)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file) }, location)
        case .mapping(let mapping):
            let entries = mapping.map { pair in
                let keyLocation = SourceLocation(
                    file: file, line: pair.key.mark?.line ?? location.line, column: pair.key.mark?.column ?? 1)
                return YAMLEntry(
                    key: pair.key.string ?? "\(pair.key)", keyLocation: keyLocation,
                    value: convert(pair.value, file: file))
            }
            return .mapping(entries, location)
        case .alias:
            // The composer resolves aliases to the anchored node; an alias here has no target.
            return .scalar("", quoted: false, location)
        }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func at(_ mark: Mark, _ message: String, hint: String? = nil) -> Diagnostic {
            Diagnostic(
                location: SourceLocation(file: file, line: mark.line, column: mark.column), path: "",
                message: message, hint: hint)
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return at(mark, "YAML syntax: \(problem)", hint: "check indentation and quoting on this line")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return at(
                context.mark, "duplicate key \(duplicates.joined(separator: ", ")) in one mapping",
                hint: "each bridge, port, node and setting may appear once; rename or merge them")
        default:
            return Diagnostic(
                location: SourceLocation(file: file, line: 1, column: 1), path: "",
                message: "cannot read YAML: \(error)")
        }
    }
}
