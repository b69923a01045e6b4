import OpenFlow

/// Plans flow and group changes like `ovs-ofctl replace-flows`/`diff-flows` do: keyed by table,
/// priority and match; only entries the owner marks as its own (cookie prefix, group id range)
/// are ever modified or deleted, so flows another tool installed are left alone.
public struct FlowReconciler: Sendable {
    public var ownsCookie: @Sendable (UInt64) -> Bool
    public var ownsGroup: @Sendable (UInt32) -> Bool

    public init(ownsCookie: @escaping @Sendable (UInt64) -> Bool, ownsGroup: @escaping @Sendable (UInt32) -> Bool) {
        self.ownsCookie = ownsCookie
        self.ownsGroup = ownsGroup
    }

    public func plan(
        desiredFlows: [FlowMod], desiredGroups: [GroupMod], actualFlows: [FlowStats], actualGroups: [GroupDescription]
    ) -> FlowPlan {
        plan(
            desired: DesiredFlows(desiredFlows), desiredGroups: desiredGroups, actualFlows: actualFlows,
            actualGroups: actualGroups)
    }

    /// `plan(desiredFlows:…)` with the desired flows keyed beforehand (see `DesiredFlows`).
    public func plan(
        desired: DesiredFlows, desiredGroups: [GroupMod], actualFlows: [FlowStats], actualGroups: [GroupDescription]
    ) -> FlowPlan {
        var comparison = comparing(desired.flows)
        comparison.add(actualFlows, keyed: desired)
        return plan(comparison, desiredGroups: desiredGroups, actualGroups: actualGroups)
    }

    /// A comparison to feed the switch's flows as they arrive (`Switch.flowParts`), then plan
    /// with `plan(_:desiredGroups:actualGroups:)`.
    public func comparing(_ desiredFlows: [FlowMod]) -> FlowComparison {
        FlowComparison(flows: desiredFlows, ownsCookie: ownsCookie)
    }

    public func plan(
        _ comparison: FlowComparison, desiredGroups: [GroupMod], actualGroups: [GroupDescription]
    ) -> FlowPlan {
        var plan = FlowPlan()
        let actualGroupsByID = Dictionary(
            actualGroups.filter { ownsGroup($0.groupID) }.map { ($0.groupID, $0) }, uniquingKeysWith: { a, _ in a })
        for group in desiredGroups {
            if let actual = actualGroupsByID[group.groupID] {
                if actual.type != group.type
                    || !FlowEquivalence.sameBuckets(actual.buckets, group.buckets, type: group.type)
                {
                    plan.modifiedGroups.append(group)
                }
            } else {
                plan.addedGroups.append(group)
            }
        }
        let desiredGroupIDs = Set(desiredGroups.map(\.groupID))
        plan.deletedGroups = actualGroupsByID.keys.filter { !desiredGroupIDs.contains($0) }.sorted()
        comparison.finish(into: &plan)
        return plan
    }
}

/// The switch's flows matched to the desired ones as they come: each switch flow is keyed and
/// looked up once, the desired side was keyed beforehand (`DesiredFlows`). The keyed desired
/// flows are needed only once the switch reports a flow: against an empty table (a bridge apply
/// has just created) every desired flow is added, and nothing waits for them.
public struct FlowComparison: Sendable {
    let flows: [FlowMod]
    let ownsCookie: @Sendable (UInt64) -> Bool
    private var desired: DesiredFlows?
    /// The switch's flow with each desired key, at the key's first position.
    private var actualAt: [FlowStats?] = []
    /// Whether that flow differs from the desired flow at that position: compared on arrival,
    /// so the comparing overlaps the switch writing the rest of its dump.
    private var differs: [Bool] = []
    /// Switchboard's flows on the switch that no desired flow keys.
    private var deleted: [FlowKey] = []

    init(flows: [FlowMod], ownsCookie: @escaping @Sendable (UInt64) -> Bool) {
        self.flows = flows
        self.ownsCookie = ownsCookie
    }

    /// Adds switch flows; `desired` must key the flows this comparison was made with.
    public mutating func add(_ actualFlows: [FlowStats], keyed desired: DesiredFlows) {
        guard !actualFlows.isEmpty else { return }
        if self.desired == nil {
            self.desired = desired
            actualAt = [FlowStats?](repeating: nil, count: desired.flows.count)
            differs = [Bool](repeating: false, count: desired.flows.count)
        }
        for flow in actualFlows {
            let key = FlowKey(table: flow.tableID, priority: flow.priority, match: flow.match)
            if let position = desired.firstPosition[key] {
                actualAt[position] = flow
                differs[position] = Self.differs(
                    flow, desired.flows[position], encoded: desired.instructions[position])
            } else if ownsCookie(flow.cookie) {
                deleted.append(key)
            }
        }
    }

    private static func differs(_ actual: FlowStats, _ flow: FlowMod, encoded: EncodedInstructions? = nil) -> Bool {
        if actual.cookie != flow.cookie || actual.idleTimeout != flow.idleTimeout
            || actual.hardTimeout != flow.hardTimeout
        {
            return true
        }
        if let encoded, actual.hasInstructionBytes(encoded) { return false }
        return !FlowEquivalence.sameInstructions(actual.instructions, flow.instructions)
    }

    func finish(into plan: inout FlowPlan) {
        guard let desired else {
            plan.addedFlows = flows
            return
        }
        for (index, flow) in desired.flows.enumerated() {
            let first = desired.firstWithKey[index]
            guard let actual = actualAt[first] else {
                plan.addedFlows.append(flow)
                continue
            }
            guard first == index ? differs[index] : Self.differs(actual, flow) else { continue }
            // A flow that is not ours yet but sits exactly where ours must go is taken over.
            if ownsCookie(actual.cookie) {
                plan.modifiedFlows.append(flow)
            } else {
                plan.takenOverFlows.append(flow)
            }
        }
        // Sorted as `FlowKey.<` would, each key's fields decoded once rather than per comparison.
        plan.deletedFlows = deleted.map { (key: $0, fields: $0.fields) }
            .sorted { a, b in FlowKey.precedes(a.key, a.fields, b.key, b.fields) }
            .map(\.key)
    }
}
