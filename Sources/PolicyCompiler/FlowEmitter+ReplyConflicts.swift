import Topology

extension FlowEmitter {
    /// A stateless DNAT rewrites every packet coming back from its plugin address and port to
    /// look like the virtual address. Replies of a stateful DNAT to that same plugin address and
    /// port would be rewritten too (to the wrong address), so the two cannot share a target.
    mutating func rejectSharedStatelessTargets() {
        var stateful: [(address: IPv4Address, port: UInt16?, rule: PolicyRule)] = []
        var stateless: [(address: IPv4Address, port: UInt16?, rule: PolicyRule)] = []
        for rule in policy.rules {
            guard case .dnat(let targets, let isStateless) = rule.action else { continue }
            for target in targets {
                guard let address = address(of: target.plugin) else { continue }
                if isStateless {
                    stateless.append((address, target.port, rule))
                } else {
                    stateful.append((address, target.port, rule))
                }
            }
        }
        for a in stateless {
            for b in stateful where a.address == b.address && (a.port == nil || b.port == nil || a.port == b.port) {
                let later = a.rule.location > b.rule.location ? a.rule : b.rule
                let earlier = later == a.rule ? b.rule : a.rule
                error(
                    "a stateless and a stateful DNAT (the rule at \(earlier.location)) send to the same plugin "
                        + "address and port: the stateless rule's reply rewrite would also catch the stateful "
                        + "one's replies",
                    at: later.location, hint: "give the stateless DNAT its own plugin port")
            }
        }
    }

    private func address(of reference: PluginReference) -> IPv4Address? {
        switch reference {
        case .address(let address): address
        case .name(let name): policy.plugins.first { $0.name == name }?.address
        }
    }
}
