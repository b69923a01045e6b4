import OpenFlow
import Topology

extension FlowEmitter {
    /// The OpenFlow matches for a rule's traffic match: one per combination of port-range blocks.
    /// `reversed` swaps sources and destinations (the reply direction of a copy).
    mutating func matches(
        for traffic: TrafficMatch, rule: PolicyRule, reversed: Bool = false,
        extra: (inout MatchBuilder) -> Void = { _ in }
    ) -> [MatchBuilder] {
        var base = MatchBuilder()
        if let name = traffic.inPort, !reversed {
            guard let number = portNumber(name, for: rule) else { return [] }
            base.inPort(number)
        }
        if let vlan = traffic.vlan { base.vlan(vlan) }
        let source = reversed ? traffic.destination : traffic.source
        let destination = reversed ? traffic.source : traffic.destination
        let sourcePorts = reversed ? traffic.destinationPorts : traffic.sourcePorts
        let destinationPorts = reversed ? traffic.sourcePorts : traffic.destinationPorts
        let needsIP = traffic.proto != nil || source != nil || destination != nil
        if (sourcePorts != nil || destinationPorts != nil), traffic.proto?.hasPorts != true {
            error(
                "a port match needs -p tcp, udp or sctp", at: rule.location,
                hint: "OpenFlow can only match ports of a known transport protocol")
            return []
        }
        if needsIP { base.ethType(0x0800) }
        if let proto = traffic.proto { base.ipProto(proto) }
        if let source { base.ipv4Source(source) }
        if let destination { base.ipv4Destination(destination) }
        extra(&base)
        var result: [MatchBuilder] = [base]
        if let proto = traffic.proto, let sourcePorts {
            Self.expand(&result, by: sourcePorts) { $0.sourcePort(proto, $1) }
        }
        if let proto = traffic.proto, let destinationPorts {
            Self.expand(&result, by: destinationPorts) { $0.destinationPort(proto, $1) }
        }
        return result
    }

    /// Each builder once per block of `range`, in order, with `set` applied. A single port (the
    /// common case: ten thousand `--dport 45` rules) is one exact block, set in place rather
    /// than through a new list of blocks and a new list of copies.
    private static func expand(
        _ builders: inout [MatchBuilder], by range: PortRange, set: (inout MatchBuilder, MaskedPort) -> Void
    ) {
        if range.isSingle {
            for index in builders.indices { set(&builders[index], MaskedPort(value: range.lower, mask: 0xFFFF)) }
            return
        }
        builders = builders.flatMap { builder in
            range.maskedBlocks.map { block in
                var copy = builder
                set(&copy, block)
                return copy
            }
        }
    }
}
