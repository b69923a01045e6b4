import OpenFlow
import Topology

extension FlowEmitter {
    /// Flows the rules need in common: ARP answers for virtual addresses, conntrack for replies
    /// from plugins and to SNAT addresses, and delivery of established NAT traffic to plugins.
    mutating func emitSupportFlows() {
        for address in virtualAddresses { emitARPResponder(for: address) }
        for plugin in trackedPlugins {
            guard let port = policy.portNumbers[plugin.port] else { continue }
            var builder = MatchBuilder()
            builder.inPort(port)
            builder.ethType(0x0800)
            builder.ipv4Source(IPv4Network(host: plugin.address))
            add(
                table: Pipeline.conntrack, priority: PriorityBand.support, match: builder,
                instructions: trackInstructions, rule: nil,
                origin: nil)
        }
        for address in trackedAddresses {
            var builder = MatchBuilder()
            builder.ethType(0x0800)
            builder.ipv4Destination(IPv4Network(host: address))
            add(
                table: Pipeline.conntrack, priority: PriorityBand.support, match: builder,
                instructions: trackInstructions, rule: nil,
                origin: nil)
        }
        for plugin in deliveredPlugins {
            guard let mac = plugin.mac else { continue }
            var builder = MatchBuilder()
            builder.ctState(set: CTState.established | CTState.tracked)
            builder.ethType(0x0800)
            builder.ipv4Destination(IPv4Network(host: plugin.address))
            add(
                table: Pipeline.nat, priority: PriorityBand.support, match: builder,
                instructions: [.applyActions([Actions.setEthDst(mac)]), .gotoTable(Pipeline.forward.id)], rule: nil,
                origin: nil)
        }
    }

    /// Turns an ARP request for `address` into the reply, sent back out of the port it came in on:
    /// the asker becomes the target, and `address` is at its virtual MAC. The moves name NXM
    /// fields because that is how OVS reports them, so a re-plan compares equal.
    private mutating func emitARPResponder(for address: IPv4Address) {
        let mac = MACAddress(virtualFor: address)
        var builder = MatchBuilder()
        builder.ethType(0x0806)
        builder.arpOp(1)
        builder.arpTarget(address)
        let actions: [Action] = [
            ARPReply.swapEthernet,
            Actions.setEthSrc(mac),
            ARPReply.setOpReply,
            ARPReply.swapHardware,
            .setField(KnownField.arpSHA(UInt128(mac.value))),
            ARPReply.swapProtocol,
            .setField(KnownField.arpSPA(UInt128(address.value))),
            .output(port: .inPort),
        ]
        add(
            table: Pipeline.classify, priority: PriorityBand.arpResponder, match: builder,
            instructions: [.applyActions(actions)], rule: nil, origin: nil)
    }

    /// The actions every ARP reply shares, made once rather than for each of ten thousand
    /// virtual addresses.
    private enum ARPReply {
        static let swapEthernet = Actions.move(48, from: .nxmEthSrc, to: .nxmEthDst)
        static let setOpReply = Action.setField(KnownField.arpOp(2))
        static let swapHardware = Actions.move(48, from: .nxmARPSHA, to: .nxmARPTHA)
        static let swapProtocol = Actions.move(32, from: .nxmARPSPA, to: .nxmARPTPA)
    }

    /// A rule whose traffic an earlier rule of the same kind already takes entirely never matches:
    /// a warning when both do the same, an error when they disagree (the later one is a mistake).
    /// Only earlier rules that could cover a rule are compared: those without a destination or
    /// with a wider one, and those with the very same host destination, so ten thousand rules
    /// to distinct addresses are checked in linear time, not quadratic.
    mutating func warnAboutShadowedRules() {
        let rules = policy.rules
        var anyDestination: [Int] = []
        var hostDestination: [UInt32: [Int]] = [:]
        for (j, later) in rules.enumerated() {
            var candidates = anyDestination
            if let destination = later.match.destination, destination.prefixLength == 32 {
                candidates += hostDestination[destination.address.value, default: []]
                candidates.sort()
            }
            for i in candidates where rules[i].kind == later.kind && rules[i].match.covers(later.match) {
                let earlier = rules[i]
                if earlier.action == later.action {
                    warning(
                        "rule never matches: the rule at \(earlier.location) takes all of its traffic first",
                        at: later.location, hint: "remove it, or move it above")
                } else {
                    error(
                        "rule never matches: the rule at \(earlier.location) (\(earlier.action.name)) takes all of its traffic first",
                        at: later.location, hint: "move the more specific rule above the broader one")
                }
                break
            }
            if let destination = later.match.destination, destination.prefixLength == 32 {
                hostDestination[destination.address.value, default: []].append(j)
            } else {
                anyDestination.append(j)
            }
        }
    }
}

extension PolicyRule {
    /// Rules compete (first match wins) only with rules compiled into the same table.
    fileprivate var kind: Int {
        switch action {
        case .accept, .drop, .through: 0
        case .copy: 1
        case .dnat, .snat, .masquerade: 2
        }
    }
}

extension TrafficMatch {
    /// Whether every packet `other` matches is matched by this one too.
    func covers(_ other: TrafficMatch) -> Bool {
        func same<T: Equatable>(_ mine: T?, _ theirs: T?) -> Bool { mine == nil || mine == theirs }
        func network(_ mine: IPv4Network?, _ theirs: IPv4Network?) -> Bool {
            guard let mine else { return true }
            guard let theirs else { return false }
            return mine.prefixLength <= theirs.prefixLength && mine.contains(theirs.address)
        }
        func ports(_ mine: PortRange?, _ theirs: PortRange?) -> Bool {
            guard let mine else { return true }
            guard let theirs else { return false }
            return mine.lower <= theirs.lower && theirs.upper <= mine.upper
        }
        return same(inPort, other.inPort) && same(outPort, other.outPort) && same(proto, other.proto)
            && same(vlan, other.vlan) && network(source, other.source) && network(destination, other.destination)
            && ports(sourcePorts, other.sourcePorts) && ports(destinationPorts, other.destinationPorts)
    }
}
