import OpenFlow
import TextSuggestions
import Topology

/// The compiler's working state for one bridge: flows and groups emitted so far (deduplicated by
/// table, priority and match), and the diagnostics.
struct FlowEmitter {
    let policy: BridgePolicy
    private(set) var flows: [CompiledFlow] = []
    private(set) var groups: [CompiledGroup] = []
    private(set) var diagnostics: [PolicyDiagnostic] = []
    /// Flows that break the pipeline's rules (a compiler bug, not the user's), found as emitted.
    private(set) var pipelineProblems: [PolicyDiagnostic] = []
    private var flowIndex: [EmittedKey: Int] = [:]
    private var matchChecks = MatchCheckCache()
    /// Addresses no port owns that Switchboard answers ARP for (DNAT and SNAT addresses), in the
    /// order first needed; the set answers "already there?" without a scan of ten thousand.
    private(set) var virtualAddresses: [IPv4Address] = []
    private var virtualAddressSet: Set<IPv4Address> = []
    /// Plugins whose established NAT traffic must be addressed to their MAC.
    private(set) var deliveredPlugins: [PolicyPlugin] = []
    /// Plugins whose traffic goes through conntrack so replies are un-NATed.
    private(set) var trackedPlugins: [PolicyPlugin] = []
    private(set) var trackedAddresses: [IPv4Address] = []
    /// Plugins whose MAC a rule needs and nobody knows yet, with the rules held for it.
    var awaitingMAC: [AwaitedMAC] = []
    /// Plugins whose MAC a rule needs and the file does not give: the pipeline passes their
    /// answers to the controller's ARP probes to the controller (`emitMACLearning`).
    var macLearners: [PolicyPlugin] = []

    /// `ct(zone=Z,nat,table=nat)`, which every NAT rule's first flow and the support flows use:
    /// made once per compile, and shared by them all instead of built ten thousand times.
    let trackInstructions: [Instruction]
    /// New-connection instructions of single-target stateful DNAT rules, by target.
    var singleTargetConnections: [SingleTargetKey: [Instruction]] = [:]

    init(policy: BridgePolicy) {
        self.policy = policy
        trackInstructions = [.applyActions([Actions.track(zone: policy.zone, then: Pipeline.nat.id)])]
        // A rule gives two or three flows: room for them up front, not a rehash at each doubling.
        flows.reserveCapacity(3 * policy.rules.count + 16)
        flowIndex.reserveCapacity(3 * policy.rules.count + 16)
    }

    /// A flow's identity among the compiler's own flows: table, priority and the match's bytes as
    /// written. `FlowKey` compares fields as a set (a switch reports them in its own order); here
    /// every match of one shape comes from the same builder calls, so equal matches have equal
    /// bytes, and sorting ten thousand matches into canonical order for the key was a twentieth
    /// of a first apply.
    struct EmittedKey: Hashable {
        var table: UInt8
        var priority: UInt16
        var match: Match
    }

    mutating func error(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        diagnostics.append(PolicyDiagnostic(.error, message, at: location, hint: hint))
    }

    mutating func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        diagnostics.append(PolicyDiagnostic(.warning, message, at: location, hint: hint))
    }

    /// Adds a flow; the same key twice is fine when the flow is identical (two rules needing the
    /// same support flow) and an error otherwise. The match is checked from the builder's fields.
    mutating func add(
        table: PipelineTable, priority: UInt16, match builder: MatchBuilder, instructions: [Instruction], rule: Int?,
        origin: SourceLocation?
    ) {
        let match = builder.match
        let flow = FlowMod(
            tableID: table.id, priority: priority, match: match, instructions: instructions,
            cookie: SwitchboardCookie.cookie(rule: rule))
        let key = EmittedKey(table: table.id, priority: priority, match: match)
        if let existing = flowIndex[key] {
            if flows[existing].flow.instructions != instructions {
                error(
                    "two flows for one match in table \(table.name) at priority \(priority) disagree", at: origin,
                    hint: "rules \(flows[existing].origin.map(\.description) ?? "?") and this one overlap exactly")
            }
            return
        }
        for problem in PipelineCheck.problems(of: flow, fields: builder.fields, checks: &matchChecks) {
            pipelineProblems.append(PipelineCheck.diagnostic(flow, problem, at: origin))
        }
        // Last, so the flow moves into the list rather than being copied.
        flowIndex[key] = flows.count
        flows.append(CompiledFlow(flow: flow, origin: origin))
    }

    /// Adds a group with the next id in Switchboard's range.
    mutating func addGroup(type: GroupType, buckets: [Bucket], origin: SourceLocation?) -> UInt32 {
        let id = SwitchboardGroupID.first + UInt32(groups.count)
        groups.append(CompiledGroup(group: GroupMod(type: type, groupID: id, buckets: buckets), origin: origin))
        return id
    }

    mutating func answerARP(for address: IPv4Address) {
        if !virtualAddressSet.contains(address), !policy.portAddresses.values.contains(address),
            !policy.plugins.contains(where: { $0.address == address })
        {
            virtualAddressSet.insert(address)
            virtualAddresses.append(address)
        }
    }

    mutating func deliver(to plugin: PolicyPlugin) {
        if !deliveredPlugins.contains(plugin) { deliveredPlugins.append(plugin) }
    }

    mutating func track(plugin: PolicyPlugin) {
        if !trackedPlugins.contains(plugin) { trackedPlugins.append(plugin) }
    }

    mutating func track(address: IPv4Address) {
        if !trackedAddresses.contains(address) { trackedAddresses.append(address) }
    }

    // MARK: lookups

    func plugin(_ reference: PluginReference) -> PolicyPlugin? {
        switch reference {
        case .name(let name): policy.plugins.first { $0.name == name }
        case .address(let address): policy.plugins.first { $0.address == address }
        }
    }

    mutating func resolve(_ reference: PluginReference, for rule: PolicyRule) -> PolicyPlugin? {
        guard let plugin = plugin(reference) else {
            let names = policy.plugins.map(\.name)
            let suggestion: String? =
                if case .name(let name) = reference, let near = DidYouMean.suggestion(for: name, among: names) {
                    "did you mean \(near)?"
                } else {
                    names.isEmpty ? "declare it under plugins:" : "known plugins: \(names.joined(separator: ", "))"
                }
            error("unknown plugin '\(reference)'", at: rule.location, hint: suggestion)
            return nil
        }
        return plugin
    }

    mutating func portNumber(_ name: String, for rule: PolicyRule) -> UInt32? {
        guard let number = policy.portNumbers[name] else {
            let near = DidYouMean.suggestion(for: name, among: Array(policy.portNumbers.keys).sorted())
            error(
                "port '\(name)' is not on bridge \(policy.bridge)", at: rule.location,
                hint: near.map { "did you mean \($0)?" })
            return nil
        }
        return number
    }
}
