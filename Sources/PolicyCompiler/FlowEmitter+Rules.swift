import OpenFlow
import Topology

/// ct_state bits (OVS: new, est, rel, rpl, inv, trk, snat, dnat).
enum CTState {
    static let new: UInt32 = 0x01
    static let established: UInt32 = 0x02
    static let reply: UInt32 = 0x08
    static let invalid: UInt32 = 0x10
    static let tracked: UInt32 = 0x20
}

extension FlowEmitter {
    /// Table misses: every table hands on to the next, the last one to NORMAL.
    mutating func emitPipeline() {
        let pass: [(PipelineTable, UInt8)] = [
            (Pipeline.classify, Pipeline.copy.id), (Pipeline.copy, Pipeline.conntrack.id),
            (Pipeline.conntrack, Pipeline.forward.id), (Pipeline.nat, Pipeline.forward.id),
        ]
        for (table, next) in pass {
            add(
                table: table, priority: PriorityBand.fallThrough, match: MatchBuilder(),
                instructions: [.gotoTable(next)],
                rule: nil, origin: nil)
        }
        add(
            table: Pipeline.forward, priority: PriorityBand.fallThrough, match: MatchBuilder(),
            instructions: [.applyActions([.output(port: .normal)])], rule: nil, origin: nil)
        var invalid = MatchBuilder()
        invalid.ctState(set: CTState.invalid | CTState.tracked)
        add(
            table: Pipeline.nat, priority: PriorityBand.invalid, match: invalid, instructions: [], rule: nil,
            origin: nil)
    }

    mutating func compile(_ rule: PolicyRule, index: Int) {
        switch rule.action {
        case .accept, .drop: compileFilter(rule, index: index)
        case .copy(let reference, let direction, let rewriteMAC):
            compileCopy(rule, index: index, to: reference, direction: direction, rewriteMAC: rewriteMAC)
        case .through(let reference):
            guard rule.chain != .postrouting else {
                return error("THROUGH belongs in PREROUTING or FORWARD, not POSTROUTING", at: rule.location)
            }
            compileThrough(rule, index: index, to: reference)
        case .dnat(let targets, let stateless):
            guard rule.chain == .prerouting else {
                return error("DNAT belongs in PREROUTING, not \(rule.chain.rawValue)", at: rule.location)
            }
            if stateless {
                compileStatelessDNAT(rule, index: index, targets: targets)
            } else {
                compileStatefulDNAT(rule, index: index, targets: targets)
            }
        case .snat(let address):
            compileSNAT(rule, index: index, to: address)
        case .masquerade:
            guard let port = rule.match.outPort else {
                return error("MASQUERADE needs -o PORT (whose address it uses)", at: rule.location)
            }
            guard let address = policy.portAddresses[port] else {
                return error(
                    "MASQUERADE: port '\(port)' has no address", at: rule.location,
                    hint: "give the port an address in the topology, or use -j SNAT --to ADDRESS")
            }
            compileSNAT(rule, index: index, to: address)
        }
    }

    mutating func refuseOutPort(_ rule: PolicyRule) -> Bool {
        guard rule.match.outPort != nil else { return false }
        error(
            "-o is only meaningful for SNAT and MASQUERADE", at: rule.location,
            hint: "OVS picks the output port after the policies run; match the destination with -d instead")
        return true
    }

    private mutating func compileFilter(_ rule: PolicyRule, index: Int) {
        guard !refuseOutPort(rule) else { return }
        let instructions: [Instruction] = rule.action == .drop ? [] : [.gotoTable(Pipeline.copy.id)]
        for match in matches(for: rule.match, rule: rule) {
            add(
                table: Pipeline.classify, priority: PriorityBand.rule(index), match: match, instructions: instructions,
                rule: index, origin: rule.location)
        }
    }

    private mutating func compileCopy(
        _ rule: PolicyRule, index: Int, to reference: PluginReference, direction: CopyDirection, rewriteMAC: Bool
    ) {
        guard !refuseOutPort(rule), let plugin = resolve(reference, for: rule),
            let port = portNumber(plugin.port, for: rule)
        else { return }
        var matchList: [MatchBuilder] = []
        if direction != .outbound { matchList += matches(for: rule.match, rule: rule) }
        if direction != .inbound { matchList += matches(for: rule.match, rule: rule, reversed: true) }
        var toPlugin: [Action] = []
        if rewriteMAC {
            guard let mac = mac(of: plugin, for: rule) else {
                return hold(rule, index: index, in: Pipeline.copy, matches: matchList)
            }
            toPlugin.append(Actions.setEthDst(mac))
        }
        toPlugin.append(Actions.output(port))
        let group = addGroup(
            type: .all,
            buckets: [Bucket(actions: toPlugin), Bucket(actions: [Actions.resubmit(Pipeline.conntrack.id)])],
            origin: rule.location)
        for match in matchList {
            add(
                table: Pipeline.copy, priority: PriorityBand.rule(index), match: match,
                instructions: [.applyActions([.group(group)])], rule: index, origin: rule.location)
        }
    }

    /// The targets of a DNAT rule, checked: known plugins, ports only with a protocol. A target
    /// whose MAC is not known yet has none (the rule is then held).
    private mutating func dnatTargets(_ rule: PolicyRule, _ targets: [NATTarget]) -> [DNATTarget]? {
        guard !refuseOutPort(rule) else { return nil }
        var resolved: [DNATTarget] = []
        for target in targets {
            guard let plugin = resolve(target.plugin, for: rule) else { return nil }
            if target.port != nil, rule.match.proto?.hasPorts != true {
                error("DNAT to a port needs -p tcp, udp or sctp", at: rule.location)
                return nil
            }
            resolved.append(DNATTarget(plugin: plugin, mac: mac(of: plugin, for: rule), port: target.port))
        }
        return resolved
    }

    private mutating func compileStatefulDNAT(_ rule: PolicyRule, index: Int, targets: [NATTarget]) {
        guard let resolved = dnatTargets(rule, targets) else { return }
        let zone = policy.zone
        if let destination = rule.match.destination, destination.isHost { answerARP(for: destination.address) }
        let macs = resolved.compactMap(\.mac)
        guard macs.count == resolved.count else {
            return hold(rule, index: index, in: Pipeline.conntrack, matches: matches(for: rule.match, rule: rule))
        }
        func commit(_ target: DNATTarget, _ mac: MACAddress) -> [Action] {
            let nat = NiciraAction.NAT(flags: .dst, ipv4Min: target.plugin.address.value, portMin: target.port)
            return [Actions.commit(zone: zone, nat: nat), Actions.setEthDst(mac)]
        }
        let newConnection: [Instruction]
        if resolved.count == 1, let target = resolved.first, let mac = macs.first {
            // Thousands of rules share a handful of targets: their instructions are made once.
            let key = SingleTargetKey(address: target.plugin.address, port: target.port, mac: mac)
            if let known = singleTargetConnections[key] {
                newConnection = known
            } else {
                newConnection = [.applyActions(commit(target, mac)), .gotoTable(Pipeline.forward.id)]
                singleTargetConnections[key] = newConnection
            }
        } else {
            let commits = zip(resolved, macs).map { commit($0, $1) }
            let group = addGroup(
                type: .select,
                buckets: commits.map { Bucket(weight: 1, actions: $0 + [Actions.resubmit(Pipeline.forward.id)]) },
                origin: rule.location)
            newConnection = [.applyActions([.group(group)])]
        }
        for match in matches(for: rule.match, rule: rule) {
            add(
                table: Pipeline.conntrack, priority: PriorityBand.rule(index), match: match,
                instructions: trackInstructions, rule: index,
                origin: rule.location)
        }
        for match in matches(for: rule.match, rule: rule, extra: { $0.ctState(set: CTState.new | CTState.tracked) }) {
            add(
                table: Pipeline.nat, priority: PriorityBand.rule(index), match: match, instructions: newConnection,
                rule: index, origin: rule.location)
        }
        for target in resolved {
            deliver(to: target.plugin)
            track(plugin: target.plugin)
        }
    }

    private mutating func compileStatelessDNAT(_ rule: PolicyRule, index: Int, targets: [NATTarget]) {
        guard let resolved = dnatTargets(rule, targets) else { return }
        guard resolved.count == 1, let target = resolved.first else {
            return error(
                "stateless DNAT takes one target", at: rule.location,
                hint: "load balancing needs conntrack: drop --stateless")
        }
        guard let destination = rule.match.destination, destination.isHost else {
            return error(
                "stateless DNAT needs -d ADDRESS", at: rule.location,
                hint: "the replies are rewritten back to that address")
        }
        let (plugin, newPort) = (target.plugin, target.port)
        let virtual = destination.address
        answerARP(for: virtual)
        let proto = rule.match.proto
        let originalPort = rule.match.destinationPorts
        if newPort != nil, originalPort?.isSingle != true {
            return error("stateless DNAT to a port needs a single --dport", at: rule.location)
        }
        guard let mac = target.mac else {
            return hold(rule, index: index, in: Pipeline.conntrack, matches: matches(for: rule.match, rule: rule))
        }
        var forward: [Action] = [Actions.setIPv4Dst(plugin.address)]
        if let proto, let newPort { forward.append(Actions.setDestinationPort(proto, newPort)) }
        forward.append(Actions.setEthDst(mac))
        for match in matches(for: rule.match, rule: rule) {
            add(
                table: Pipeline.conntrack, priority: PriorityBand.rule(index), match: match,
                instructions: [.applyActions(forward), .gotoTable(Pipeline.forward.id)], rule: index,
                origin: rule.location)
        }
        // The way back: from the plugin's address (and port) to the virtual address (and port).
        var back = TrafficMatch(
            inPort: plugin.port, proto: proto, source: IPv4Network(host: plugin.address))
        back.vlan = rule.match.vlan
        if let proto, proto.hasPorts, let port = newPort ?? originalPort?.lower,
            originalPort?.isSingle == true || newPort != nil
        {
            back.sourcePorts = PortRange(port)
        }
        var reverse: [Action] = [Actions.setIPv4Src(virtual)]
        if let proto, newPort != nil, let originalPort {
            reverse.append(Actions.setSourcePort(proto, originalPort.lower))
        }
        reverse.append(Actions.setEthSrc(MACAddress(virtualFor: virtual)))
        for match in matches(for: back, rule: rule) {
            add(
                table: Pipeline.conntrack, priority: PriorityBand.rule(index), match: match,
                instructions: [.applyActions(reverse), .gotoTable(Pipeline.forward.id)], rule: index,
                origin: rule.location)
        }
    }

    private mutating func compileSNAT(_ rule: PolicyRule, index: Int, to address: IPv4Address) {
        guard rule.chain == .postrouting else {
            return error("\(rule.action.name) belongs in POSTROUTING, not \(rule.chain.rawValue)", at: rule.location)
        }
        guard let source = rule.match.source, source.isHost, let plugin = plugin(.address(source.address)) else {
            return error(
                "\(rule.action.name) needs -s with a plugin's address", at: rule.location,
                hint: "Switchboard translates traffic from plugins it knows, so replies reach the plugin's MAC")
        }
        guard let port = portNumber(plugin.port, for: rule) else { return }
        answerARP(for: address)
        var traffic = rule.match
        traffic.outPort = nil
        traffic.inPort = nil
        let fromPlugin = matches(for: traffic, rule: rule).map { match in
            var builder = MatchBuilder()
            builder.inPort(port)
            builder.append(match)
            return builder
        }
        guard mac(of: plugin, for: rule) != nil else {
            return hold(rule, index: index, in: Pipeline.conntrack, matches: fromPlugin)
        }
        for builder in fromPlugin {
            add(
                table: Pipeline.conntrack, priority: PriorityBand.rule(index), match: builder,
                instructions: trackInstructions, rule: index,
                origin: rule.location)
        }
        let nat = NiciraAction.NAT(flags: .src, ipv4Min: address.value)
        for match in matches(for: traffic, rule: rule, extra: { $0.ctState(set: CTState.new | CTState.tracked) }) {
            var builder = MatchBuilder()
            builder.inPort(port)
            builder.append(match)
            add(
                table: Pipeline.nat, priority: PriorityBand.rule(index), match: builder,
                instructions: [
                    .applyActions([Actions.commit(zone: policy.zone, nat: nat)]), .gotoTable(Pipeline.forward.id),
                ],
                rule: index, origin: rule.location)
        }
        track(address: address)
        deliver(to: plugin)
    }
}

/// What a stateful DNAT rule with one target does with a new connection depends only on the
/// target's address, port and MAC (and the bridge's zone, the same for every rule).
struct SingleTargetKey: Hashable {
    var address: IPv4Address
    var port: UInt16?
    var mac: MACAddress
}

/// A DNAT target resolved to a plugin, with the MAC rewritten traffic is addressed to (nil while
/// it is not known).
private struct DNATTarget {
    var plugin: PolicyPlugin
    var mac: MACAddress?
    var port: UInt16?
}
