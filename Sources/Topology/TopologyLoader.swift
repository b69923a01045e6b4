import TextSuggestions

/// The entry point: YAML text → a validated `Topology`, or every problem found.
/// Pure: the caller reads the file and passes the environment in.
public enum TopologyLoader {
    public struct Options: Sendable {
        /// For `${env.NAME}`.
        public var environment: [String: String]
        /// `--var NAME=VALUE`: replaces top-level variables; a name the file does not declare
        /// under `variables:` is an error.
        public var variables: [String: String]
        /// `--endpoint NODE=TARGET`: talk to another OVSDB server than the file says (tests point
        /// examples at sandboxes this way).
        public var endpoints: [String: String]
        /// The node name a single-node file (no `nodes:` level) gets.
        public var singleNodeName: String

        public init(
            environment: [String: String] = [:], variables: [String: String] = [:], endpoints: [String: String] = [:],
            singleNodeName: String = "local"
        ) {
            self.environment = environment
            self.variables = variables
            self.endpoints = endpoints
            self.singleNodeName = singleNodeName
        }
    }

    public static func load(
        _ text: String, file: String = "<topology>", options: Options = Options()
    ) -> Result<Topology, TopologyError> {
        let raw: YAMLNode
        switch YAMLComposer.compose(text, file: file) {
        case .success(let node): raw = node
        case .failure(let diagnostic): return .failure(TopologyError([diagnostic]))
        }
        var decoder = Decoder()
        let scope = VariableScope(
            root: raw, environment: options.environment, overrides: options.variables,
            singleNodeName: options.singleNodeName)
        scope.reportUndeclaredOverrides(into: &decoder)
        let root = scope.substitute(raw, path: "", into: &decoder)
        let decoded = decoder.decodeTopology(root, singleNodeName: options.singleNodeName)
        var nodes = OverlayExpansion.expand(decoded.overlays, into: decoded.nodes, &decoder)
        let single = nodes.count == 1 && nodes[0].name == options.singleNodeName
        for node in nodes {
            CrossReferences.check(node, path: single ? "" : "nodes.\(node.name)", &decoder)
        }
        for (name, target) in options.endpoints.sorted(by: { $0.key < $1.key }) {
            guard let index = nodes.firstIndex(where: { $0.name == name }) else {
                decoder.error(
                    SourceLocation(file: "--endpoint", line: 1, column: 1), "--endpoint \(name)",
                    "no node named `\(name)`", hint: DidYouMean.hint(for: name, among: nodes.map(\.name)))
                continue
            }
            guard ValueSyntax.isEndpoint(target) else {
                decoder.error(
                    SourceLocation(file: "--endpoint", line: 1, column: 1), "--endpoint \(name)",
                    "`\(target)` is not an OVSDB endpoint", hint: "use unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT")
                continue
            }
            nodes[index] = nodes[index].with(endpoint: Endpoint(target: target, tls: nodes[index].endpoint.tls))
        }
        guard decoder.diagnostics.isEmpty, let name = decoded.name else {
            let intact = IntactBridges.topology(
                name: decoded.name, nodes: nodes, overlays: decoded.overlays, diagnostics: decoder.diagnostics)
            return .failure(TopologyError(decoder.diagnostics, intact: intact))
        }
        return .success(Topology(name: name, nodes: nodes, overlays: decoded.overlays))
    }
}
