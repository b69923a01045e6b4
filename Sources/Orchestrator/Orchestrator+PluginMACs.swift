import OVSDB
import PolicyCompiler
import Reconciler
import Topology

extension Orchestrator {
    /// The MACs each node's OVSDB gives for the plugins of its flow-managed bridges that the file
    /// gives none, keyed by node, bridge and plugin: checking the file with them compiles what
    /// planning compiles, so the compile planning uses is that one.
    public func learnedPluginMACs() async -> [String: [String: [String: MACAddress]]] {
        var result: [String: [String: [String: MACAddress]]] = [:]
        for connection in connections {
            guard let snapshot = try? await connection.snapshot() else { continue }
            for bridge in connection.node.bridges where bridge.managesFlows {
                let macs = PluginMACSource.sources(for: bridge, in: snapshot).compactMapValues(\.mac)
                if !macs.isEmpty { result[connection.node.name, default: [:]][bridge.name] = macs }
            }
        }
        return result
    }

    /// The OpenFlow numbers OVSDB reports (`Interface.ofport`) for the ports of each flow-managed
    /// bridge whose every port has one, by node, bridge and port. Checking the file with them
    /// compiles what planning needs when the switch agrees (it is asked, and a compile is moved
    /// to its numbers when it does not), so an unchanged bridge is compiled once and never moved.
    public func portNumberHints() async -> [String: [String: [String: UInt32]]] {
        var result: [String: [String: [String: UInt32]]] = [:]
        for connection in connections {
            guard let snapshot = try? await connection.snapshot() else { continue }
            var numbers: [String: UInt32] = [:]
            for (uuid, row) in snapshot.rows(InterfaceRow.table) {
                let interface = InterfaceRow(uuid: uuid, row: row)
                if let ofport = interface.ofport, ofport > 0, ofport < 0xFF00 {
                    numbers[interface.name] = UInt32(ofport)
                }
            }
            for bridge in connection.node.bridges where bridge.managesFlows {
                var bridgeNumbers: [String: UInt32] = [:]
                for port in bridge.ports { bridgeNumbers[port.name] = numbers[port.name] }
                // A hint only if every port has its number, and no two share one.
                guard bridgeNumbers.count == bridge.ports.count,
                    Set(bridgeNumbers.values).count == bridgeNumbers.count
                else { continue }
                result[connection.node.name, default: [:]][bridge.name] = bridgeNumbers
            }
        }
        return result
    }

    /// What the plan says about each learned MAC: its value and where it comes from.
    static func planNotes(_ sources: [String: PluginMACSource]) -> [PluginMAC] {
        sources.sorted { $0.key < $1.key }.compactMap { plugin, source in
            switch source {
            case .learned(let mac, let origin): PluginMAC(plugin: plugin, mac: mac.description, source: origin)
            case .onceCreated(let port):
                PluginMAC(plugin: plugin, mac: nil, source: "internal interface \(port) mac_in_use, once created")
            case .none: nil
            }
        }
    }

    /// Refuses a bridge whose rules need a MAC that no source gives, now or once apply has created
    /// an internal port: `apply` installs no rule that would have to wait (only `serve --topology`
    /// can learn a MAC by ARP). Thrown while planning, so nothing has been sent.
    static func requireMACs(
        _ awaiting: [AwaitedMAC], sources: [String: PluginMACSource], node: String, bridge: String
    ) throws(OrchestratorError) {
        let unknown = awaiting.filter { awaited in
            if case .onceCreated = sources[awaited.plugin.name] { false } else { true }
        }
        guard unknown.isEmpty else {
            throw .unknownMAC(node: node, bridge: bridge, unknown.map(\.unknownMACDiagnostic.description))
        }
    }

    /// The plugin MAC sources of `bridge` once apply's transaction is realized: an internal port it
    /// created reports its `mac_in_use` shortly after, so that is waited for (a few seconds).
    func pluginMACSources(
        of bridge: Bridge, on connection: NodeConnection
    ) async throws(OrchestratorError)
        -> [String: PluginMACSource]
    {
        let sources = PluginMACSource.sources(for: bridge, in: try await connection.snapshot())
        let awaited = sources.filter { if case .onceCreated = $0.value { true } else { false } }.map(\.key)
        guard !awaited.isEmpty else { return sources }
        let cache = try? await connection.replica.wait(timeout: .seconds(5)) { cache in
            let now = PluginMACSource.sources(for: bridge, in: cache)
            return awaited.allSatisfy { now[$0]?.mac != nil }
        }
        return cache.map { PluginMACSource.sources(for: bridge, in: $0) } ?? sources
    }
}
