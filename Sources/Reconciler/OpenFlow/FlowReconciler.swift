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

    /// Every flow where `installed` and `desired` disagree, in desired order then installed
    /// order: what ofctl's replace-flows sends and diff-flows prints (with an owner that owns
    /// every cookie, as ovs-ofctl considers every flow).
    public func differences(desired: DesiredFlows, installed: [FlowStats]) -> [FlowDifference] {
        var comparison = FlowComparison(flows: desired.flows, ownsCookie: ownsCookie, keyed: desired)
        comparison.add(installed, keyed: desired)
        return comparison.differences()
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
///
/// Flows are the same flow when their `FlowKey`s are equal or, failing that, their matches mean
/// the same (`MatchMeaningIndex`); two versions of a flow are equal as `FlowEquivalence` says.
/// Of desired flows with one key the last counts, as in a flow table (and ovs-ofctl's files).
public struct FlowComparison: Sendable {
    let flows: [FlowMod]
    let ownsCookie: @Sendable (UInt64) -> Bool
    private var desired: DesiredFlows?
    /// For each key's first position, the position of the last flow with that key: the one
    /// that counts.
    private var lastWithKey: [Int] = []
    /// Whether the switch has a flow with the key at this first position.
    private var found: [Bool] = []
    /// Whether that flow differs from the desired flow that counts: compared on arrival, so the
    /// comparing overlaps the switch writing the rest of its dump.
    private var differs: [Bool] = []
    /// The switch's flows that differ, by the key's first position. Only those are kept: copying
    /// every switch flow was a tenth of ofctl's replace-flows.
    private var differing: [Int: FlowStats] = [:]
    /// Switchboard's flows on the switch that no desired flow keys.
    private var unmatched: [FlowStats] = []
    /// Built for the first switch flow not found by its key's bytes.
    private var byMeaning: MatchMeaningIndex?

    init(flows: [FlowMod], ownsCookie: @escaping @Sendable (UInt64) -> Bool, keyed desired: DesiredFlows? = nil) {
        self.flows = flows
        self.ownsCookie = ownsCookie
        if let desired { start(desired) }
    }

    private mutating func start(_ desired: DesiredFlows) {
        self.desired = desired
        let count = desired.flows.count
        var last = Array(0..<count)
        for index in 0..<count { last[desired.firstWithKey[index]] = index }
        lastWithKey = last
        found = [Bool](repeating: false, count: count)
        differs = [Bool](repeating: false, count: count)
    }

    /// Adds switch flows; `desired` must key the flows this comparison was made with.
    public mutating func add(_ actualFlows: [FlowStats], keyed desired: DesiredFlows) {
        guard !actualFlows.isEmpty else { return }
        if self.desired == nil { start(desired) }
        for flow in actualFlows {
            let key = FlowKey(table: flow.tableID, priority: flow.priority, match: flow.match)
            if let first = desired.firstPosition[key] ?? meaningPosition(of: flow, in: desired) {
                record(flow, at: first, same: Self.same(flow, at: first, desired, lastWithKey))
            } else if ownsCookie(flow.cookie) {
                unmatched.append(flow)
            }
        }
    }

    /// Whether `flow` is the desired flow that counts for the key first at `first`. A flow that
    /// is not ours yet but sits exactly where ours must go is compared too, and so taken over.
    private static func same(_ flow: FlowStats, at first: Int, _ desired: DesiredFlows, _ lastWithKey: [Int]) -> Bool {
        let counts = lastWithKey[first]
        // Read in place: a copy of each desired flow (its match, its instructions) for the
        // comparison was a tenth of replace-flows.
        return desired.flows.withUnsafeBufferPointer {
            FlowEquivalence.sameVersion(flow, $0[counts], encoded: desired.instructions[counts])
        }
    }

    private mutating func record(_ flow: FlowStats, at first: Int, same: Bool) {
        found[first] = true
        differs[first] = !same
        if !same { differing[first] = flow }
    }

    private mutating func meaningPosition(of flow: FlowStats, in desired: DesiredFlows) -> Int? {
        if byMeaning == nil { byMeaning = MatchMeaningIndex(desired) }
        return byMeaning?.position(of: flow, in: desired)
    }

    /// Calls `body` with the position of each desired flow that counts (the last with its key)
    /// and is not on the switch as it is, with the switch's flow with its key, if any.
    private func eachDifferingDesired(_ body: (Int, FlowStats?) -> Void) {
        guard let desired else {
            for index in flows.indices { body(index, nil) }
            return
        }
        for index in desired.flows.indices {
            let first = desired.firstWithKey[index]
            guard lastWithKey[first] == index else { continue }
            if !found[first] {
                body(index, nil)
            } else if differs[first] {
                body(index, differing[first])
            }
        }
    }

    func finish(into plan: inout FlowPlan) {
        eachDifferingDesired { index, actual in
            guard let actual else {
                plan.addedFlows.append(flows[index])
                return
            }
            // A flow that is not ours yet but sits exactly where ours must go is taken over.
            if ownsCookie(actual.cookie) {
                plan.modifiedFlows.append(flows[index])
            } else {
                plan.takenOverFlows.append(flows[index])
            }
        }
        // Sorted as `FlowKey.<` would, each key's fields decoded once rather than per comparison.
        plan.deletedFlows = unmatched.map { FlowKey(table: $0.tableID, priority: $0.priority, match: $0.match) }
            .map { (key: $0, fields: $0.fields) }
            .sorted { a, b in FlowKey.precedes(a.key, a.fields, b.key, b.fields) }
            .map(\.key)
    }

    /// The flows that differ, desired ones first (in their order), then the unmatched switch
    /// flows (in the switch's).
    public func differences() -> [FlowDifference] {
        var list: [FlowDifference] = []
        eachDifferingDesired { index, actual in
            if let actual {
                list.append(.changed(installed: actual, desired: flows[index]))
            } else {
                list.append(.added(flows[index]))
            }
        }
        for flow in unmatched { list.append(.removed(flow)) }
        return list
    }
}
