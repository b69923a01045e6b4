import OpenFlow
import Topology

/// How `serve --topology` asks a plugin for its MAC: an ARP request from this address, which the
/// pipeline's learning flow recognizes in the plugin's answer (its destination).
public enum ARPProbe {
    /// `02:5b:00:00:00:00`, the virtual MAC of 0.0.0.0: Switchboard's prefix, and an address no
    /// DNAT or SNAT rule can make virtual, so no ARP responder answers with it.
    public static let sourceMAC = MACAddress(virtualFor: IPv4Address(0))
}

extension FlowEmitter {
    /// The MAC rewritten traffic toward `plugin` is addressed to; nil while nobody knows it, and
    /// then `rule` is recorded as held for it. A plugin the file gives no `mac:` is also listened
    /// for (`emitMACLearning`), so the controller can learn or follow its MAC.
    mutating func mac(of plugin: PolicyPlugin, for rule: PolicyRule) -> MACAddress? {
        if plugin.learnsMAC, !macLearners.contains(where: { $0.name == plugin.name }) { macLearners.append(plugin) }
        if let mac = plugin.mac { return mac }
        if let index = awaitingMAC.firstIndex(where: { $0.plugin.name == plugin.name }) {
            // Rules are compiled in order, so a rule asking twice (two targets on one plugin) is
            // the last one recorded: no scan of ten thousand held rules per rule.
            if awaitingMAC[index].rules.last != rule.location { awaitingMAC[index].rules.append(rule.location) }
        } else {
            awaitingMAC.append(AwaitedMAC(plugin: plugin, rules: [rule.location]))
        }
        return nil
    }

    /// A rule waiting for a plugin's MAC keeps its place (table, priority, match, cookie) with
    /// `instructions` instead of its own: later rules must not take its traffic meanwhile, and
    /// nothing may be sent to a MAC that is not the plugin's. NAT rules drop (a client sees a
    /// timeout, never another host; SNAT never leaks the plugin's own address); COPY passes the
    /// original on uncopied. Once the MAC is known the same keys get the real flows, modified in
    /// place.
    mutating func hold(_ rule: PolicyRule, index: Int, in table: PipelineTable, matches: [MatchBuilder]) {
        let instructions: [Instruction] = table == Pipeline.copy ? [.gotoTable(Pipeline.conntrack.id)] : []
        for match in matches {
            add(
                table: table, priority: PriorityBand.rule(index), match: match, instructions: instructions, rule: index,
                origin: rule.location)
        }
    }

    /// For each plugin whose MAC is learned: its ARP reply to the controller's probe (in on the
    /// plugin's port, from the plugin's address, to `ARPProbe.sourceMAC`) goes to the controller
    /// and nowhere else, so no host sees an answer it did not ask for.
    mutating func emitMACLearning() {
        for plugin in macLearners {
            guard let port = policy.portNumbers[plugin.port] else { continue }
            var builder = MatchBuilder()
            builder.inPort(port)
            builder.ethDestination(ARPProbe.sourceMAC)
            builder.ethType(0x0806)
            builder.arpOp(2)
            builder.arpSender(plugin.address)
            add(
                table: Pipeline.classify, priority: PriorityBand.macLearning, match: builder,
                instructions: [.applyActions([.output(port: .controller, maxLength: 0xFFFF)])], rule: nil, origin: nil
            )
        }
    }
}
