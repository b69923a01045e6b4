import Foundation
import Testing

@testable import Topology

/// The repository's Topologies/ directory, found from this file's path.
let topologiesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Topologies")

func load(_ yaml: String, options: TopologyLoader.Options = .init()) -> Result<Topology, TopologyError> {
    TopologyLoader.load(yaml, file: "t.yaml", options: options)
}

/// The diagnostics of a file that must not load.
func diagnostics(_ yaml: String, options: TopologyLoader.Options = .init()) -> [Diagnostic] {
    switch load(yaml, options: options) {
    case .success: return []
    case .failure(let error): return error.diagnostics
    }
}

func loaded(_ yaml: String, options: TopologyLoader.Options = .init()) throws -> Topology {
    try load(yaml, options: options).get()
}

/// A one-node topology around some bridge YAML (indented under `bridges:`).
func single(_ bridges: String) -> String {
    "name: t\novsdb: unix:/tmp/db.sock\nbridges:\n" + bridges
}
