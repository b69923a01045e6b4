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
        var comparing = Comparing(compiled)
        for try await part in handle.flowParts() where !part.isEmpty {
            comparing.add(part, keyed: await desired.value)
        }
        return comparing.finish(groups: try await handle.groups())
    }

    /// `compare` against tables read beforehand (`read`).
    static func compare(
        _ compiled: CompiledPolicy, keyed desired: Task<DesiredFlows, Never>, with tables: Read
    ) async -> (plan: FlowPlan, observed: FlowTableFingerprint) {
        var comparing = Comparing(compiled)
        for part in tables.flowParts where !part.isEmpty { comparing.add(part, keyed: await desired.value) }
        return comparing.finish(groups: tables.groups)
    }

    /// A comparison fed the switch's flows part by part, digesting the owned ones as it goes.
    struct Comparing {
        let compiled: CompiledPolicy
        var comparison: FlowComparison
        var observed = FlowTableFingerprint()

        init(_ compiled: CompiledPolicy) {
            self.compiled = compiled
            comparison = SwitchTables.reconciler.comparing(compiled.flows.map(\.flow))
        }

        mutating func add(_ part: [FlowStats], keyed desired: DesiredFlows) {
            for flow in part where SwitchboardCookie.isOurs(flow.cookie) { observed.add(flow) }
            comparison.add(part, keyed: desired)
        }

        mutating func finish(groups: [GroupDescription]) -> (plan: FlowPlan, observed: FlowTableFingerprint) {
            for group in groups where SwitchboardGroupID.contains(group.groupID) { observed.add(group) }
            let plan = SwitchTables.reconciler.plan(
                comparison, desiredGroups: compiled.groups.map(\.group), actualGroups: groups)
            return (plan, observed)
        }
    }

    /// A switch's ports, flows (as the dump's parts) and groups, read before anything was
    /// compiled: `plan` and `apply` start reading each existing bridge as soon as they have
    /// connected, so the switch dumps and the reply is decoded while the file compiles.
    struct Read: Sendable {
        let handle: Switch
        let ports: [PortDescription]
        let flowParts: [[FlowStats]]
        let groups: [GroupDescription]
    }

    static func read(_ handle: Switch) async throws(ControllerError) -> Read {
        let ports = try await handle.ports()
        var parts: [[FlowStats]] = []
        do {
            for try await part in handle.flowParts() { parts.append(part) }
        } catch let error as ControllerError { throw error } catch { throw .disconnected("\(error)") }
        return Read(handle: handle, ports: ports, flowParts: parts, groups: try await handle.groups())
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
