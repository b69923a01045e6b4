import Controller
import OpenFlow
import PolicyCompiler
import Topology

/// MAC learning by ARP: a plugin whose MAC the file does not give is asked for it with an ARP
/// probe out of its port; its answer comes back through the pipeline's learning flow as a
/// PACKET_IN, and the bridge is planned again with the MAC (only the held rules' flows change).
extension TopologyApp {
    /// Sends one ARP probe per plugin out of its port (a port the switch does not have is skipped:
    /// its PORT_STATUS brings the plugin back here).
    func probe(_ handle: Switch, _ plugins: [PolicyPlugin]) async {
        guard !plugins.isEmpty, handle.isConnected, let ports = try? await handle.ports() else { return }
        for plugin in plugins {
            guard let port = ports.first(where: { $0.name == plugin.port }) else { continue }
            handle.send(
                .packetOut(
                    PacketOut(
                        inPort: .controller, actions: [.output(port: port.portNumber)],
                        data: ARPFrame.probe(for: plugin.address))))
        }
    }

    /// A plugin's answer to a probe: a new or changed MAC is kept and the switch re-planned.
    func learnMAC(from packet: PacketIn, on handle: Switch) async {
        guard SwitchboardCookie.isOurs(packet.cookie), let answer = ARPFrame.probeAnswer(packet.data),
            case .managed(let node, let bridge, _) = SwitchIdentity(handle, in: topology)
        else { return }
        let key = Self.key(node, bridge)
        guard let plugin = (macLearners[key] ?? []).first(where: { $0.address == answer.address }) else { return }
        let learned = LearnedMAC(mac: answer.mac, address: plugin.address, port: plugin.port)
        let previous = learnedMACs[key]?[plugin.name]
        guard previous != learned else { return }
        learnedMACs[key, default: [:]][plugin.name] = learned
        let was: String = previous.map { " (was \($0.mac))" } ?? ""
        logger.info(
            "\(bridge.name) (node \(node.name)): plugin \(plugin.name) is at \(answer.mac)\(was), learned by ARP")
        await reconcileInTurn(handle)
    }

    /// The learned MACs still valid for `bridge` as the file now declares it: one learned for a
    /// plugin that has since moved to another address or port (a reloaded file) is not used.
    func currentMACs(of bridge: Bridge, key: String) -> [String: MACAddress] {
        var result: [String: MACAddress] = [:]
        for plugin in bridge.plugins.compactMap(PolicyPlugin.init) where plugin.learnsMAC {
            guard let learned = learnedMACs[key]?[plugin.name], learned.address == plugin.address,
                learned.port == plugin.port
            else { continue }
            result[plugin.name] = learned.mac
        }
        return result
    }

    /// Asks every connected managed switch's learned plugins again every `probeInterval`.
    func startProbing() {
        guard prober == nil else { return }
        let interval = probeInterval
        prober = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.probeAll()
            }
        }
    }

    private func probeAll() async {
        for handle in controller.switches.values {
            guard case .managed(let node, let bridge, _) = SwitchIdentity(handle, in: topology) else { continue }
            await probe(handle, macLearners[Self.key(node, bridge)] ?? [])
        }
    }
}

/// A MAC a plugin gave in answer to an ARP probe, with the address and port it was asked on.
struct LearnedMAC: Hashable, Sendable {
    var mac: MACAddress
    var address: IPv4Address
    var port: String
}
