import Controller
import Foundation
import PolicyCompiler
import Topology

extension Orchestrator {
    /// The live OpenFlow numbers of each flow-managed bridge's ports, keyed by node, bridge and
    /// port, for the bridges whose switch has every port the file gives them. Checking the file
    /// against these numbers (rather than placeholders) is the compile planning needs, so `plan`
    /// and `apply` compile such a bridge once (`reuse(_:)`). A bridge that cannot be read is left
    /// out: the check uses placeholders for it, and planning reports the problem as before.
    public func livePortNumbers() async -> [String: [String: [String: UInt32]]] {
        var result: [String: [String: [String: UInt32]]] = [:]
        for node in topology.nodes {
            for bridge in node.bridges where bridge.managesFlows {
                guard let socket = try? BridgeFlows.managementSocket(node: node, bridge: bridge.name),
                    FileManager.default.fileExists(atPath: socket),
                    let handle = try? await controller.open(.unix(path: socket))
                else { continue }
                defer { handle.close(reason: "read ports") }
                guard let ports = try? await handle.ports() else { continue }
                let numbers = BridgeFlows.fileNumbers(ports, of: bridge)
                if numbers.count == bridge.ports.count { result[node.name, default: [:]][bridge.name] = numbers }
            }
        }
        return result
    }

    /// Compiles made while checking the file (`TopologyPolicyCheck.checkAndCompile`): planning a
    /// bridge with the same port numbers uses them instead of compiling again.
    public func reuse(_ checked: [CheckedBridge]) {
        compilations.remember(checked)
    }
}
