import Controller
import OpenFlow
import PolicyCompiler
import Reconciler

/// A switch's tables read for planning: its flows compared with the desired ones part by part as
/// the dump arrives, its groups, and the digest of the entries Switchboard owns there.
enum SwitchTables {
    static let reconciler = FlowReconciler(
        ownsCookie: SwitchboardCookie.isOurs, ownsGroup: SwitchboardGroupID.contains)

    /// The plan that turns `handle`'s tables into `compiled`, and the owned entries it was
    /// computed against. The switch starts dumping while `desired` (the same flows, keyed in the
    /// background) is still being built; each part is compared as it arrives.
    static func compare(
        _ compiled: CompiledPolicy, keyed desired: Task<DesiredFlows, Never>, on handle: Switch
    ) async throws -> (plan: FlowPlan, observed: FlowTableFingerprint) {
        let parts = handle.flowParts()
        var comparison = reconciler.comparing(compiled.flows.map(\.flow))
        var observed = FlowTableFingerprint()
        for try await part in parts where !part.isEmpty {
            for flow in part where SwitchboardCookie.isOurs(flow.cookie) { observed.add(flow) }
            comparison.add(part, keyed: await desired.value)
        }
        let groups = try await handle.groups()
        for group in groups where SwitchboardGroupID.contains(group.groupID) { observed.add(group) }
        let plan = reconciler.plan(comparison, desiredGroups: compiled.groups.map(\.group), actualGroups: groups)
        return (plan, observed)
    }

    /// The digest of the owned entries on `handle`'s switch now (only those are dumped: the
    /// request selects Switchboard's cookie).
    static func observed(on handle: Switch) async throws -> FlowTableFingerprint {
        let flows = try await handle.flows(
            matching: FlowStatsRequest(cookie: SwitchboardCookie.prefix, cookieMask: SwitchboardCookie.mask))
        return FlowTableFingerprint.owned(
            flows: flows, groups: try await handle.groups(), ownsCookie: SwitchboardCookie.isOurs,
            ownsGroup: SwitchboardGroupID.contains)
    }

    /// `compiled`'s flows keyed for planning, in the background (see `DesiredFlows`).
    static func keyed(_ compiled: CompiledPolicy) -> Task<DesiredFlows, Never> {
        let flows = compiled.flows.map(\.flow)
        return Task.detached(priority: .userInitiated) { DesiredFlows(flows) }
    }
}
