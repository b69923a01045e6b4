import OpenFlow
import Topology

extension FlowEmitter {
    /// THROUGH: matching traffic entering at `-i` leaves by the plugin's port instead of going on;
    /// what the plugin sends back on that port, still matching, continues as ACCEPT would, with
    /// `in_port` set back to the `-i` port.
    ///
    /// Restoring `in_port` is what keeps `NORMAL` right after the detour: it learns the sender's
    /// MAC on the port it really sits behind (not on the plugin's), applies that port's VLAN
    /// access/trunk rules, and never sends a packet back where it came from. That is also why the
    /// rule needs `-i`: the port a returning packet entered by is not in the packet, so each
    /// direction is its own rule.
    mutating func compileThrough(_ rule: PolicyRule, index: Int, to reference: PluginReference) {
        guard !refuseOutPort(rule) else { return }
        guard let entry = rule.match.inPort else {
            return error(
                "THROUGH needs -i PORT, the port the steered traffic enters by", at: rule.location,
                hint: "write one rule per direction, each with its own -i")
        }
        guard let plugin = resolve(reference, for: rule), let pluginPort = portNumber(plugin.port, for: rule),
            let entryPort = portNumber(entry, for: rule)
        else { return }
        guard entry != plugin.port else {
            return error(
                "THROUGH from plugin \(plugin.name)'s own port \(entry) would send its traffic back to it",
                at: rule.location)
        }
        let priority = PriorityBand.rule(index)
        for match in matches(for: rule.match, rule: rule) {
            add(
                table: Pipeline.classify, priority: priority, match: match,
                instructions: [.applyActions([Actions.output(pluginPort)])], rule: index, origin: rule.location)
        }
        var returning = rule.match
        returning.inPort = plugin.port
        for match in matches(for: returning, rule: rule) {
            add(
                table: Pipeline.classify, priority: priority, match: match,
                instructions: [
                    .applyActions([Actions.setInPort(entryPort)]), .gotoTable(Pipeline.copy.id),
                ], rule: index, origin: rule.location)
        }
    }
}
