import Foundation
import OVSSandbox
import Reconciler
import Synchronization
import TestSupport
import Testing

@testable import Orchestrator

/// A restart of ovs-vswitchd with other_config:flow-restore-wait=true: the switch comes back with
/// empty tables and waits; `apply` restores the policy flows through the management socket, then
/// (and only then) clears the key.
@Suite(
    "flow-restore-wait around an ovs-vswitchd restart",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct FlowRestoreWaitTests {
    @Test("apply restores the flows, then clears flow-restore-wait; a second apply changes nothing")
    func restoreAfterRestart() async throws {
        try await withSandbox { sandbox in
            let topology = try sandboxed(try example("plugin-edge"), ["local": sandbox])
            try await planAndApply(topology)
            let dump = ["-O", "OpenFlow14", "dump-flows", "br-edge", "--no-stats"]
            let before = try await sandbox.ofctl(dump)
            #expect(before.contains("cookie=0x5b0a"))

            _ = try await sandbox.vsctl(["set", "open_vswitch", ".", "other_config:flow-restore-wait=true"])
            try await sandbox.restartVSwitchd()
            let restarted = try await eventually { (try? await sandbox.ofctl(dump)) != nil }
            #expect(restarted, "the restarted switch must answer on its management socket")
            #expect(!(try await sandbox.ofctl(dump)).contains("cookie=0x5b0a"), "a restart empties the tables")

            let orchestrator = try await Orchestrator.connect(topology)
            let events = ApplyEventLog()
            do {
                let plan = try await orchestrator.plan()
                #expect(plan.hasChanges, "the missing flows must be planned")
                #expect(plan.nodes.map(\.clearsFlowRestoreWait) == [true])
                let text = PlanRenderer.text(plan)
                #expect(text.contains("~ other_config:flow-restore-wait=true: cleared once the flows are installed"))
                #expect(text.contains("flow-restore-wait cleared on 1 node(s) after their flows"), "\(text)")
                let report = try await orchestrator.apply(plan) { events.append($0) }
                #expect(report.restoredNodes == ["local"])
            } catch {
                await orchestrator.close()
                throw error
            }
            await orchestrator.close()
            let recorded = events.all
            let installed = recorded.firstIndex { if case .flowsInstalled = $0 { true } else { false } }
            let cleared = recorded.firstIndex { $0 == .flowRestoreFinished(node: "local", bridgesWithControllers: []) }
            #expect(
                installed != nil && cleared != nil && installed! < cleared!, "flows first, then the key: \(recorded)")
            #expect(try await sandbox.ofctl(dump) == before)
            let config = try await sandbox.vsctl(["get", "open_vswitch", ".", "other_config"])
            #expect(!config.contains("flow-restore-wait"), "\(config)")

            let again = try await planOnly(topology)
            #expect(!again.hasChanges, "nothing left to do: \(again.summaryText)")
            #expect(again.nodes.map(\.clearsFlowRestoreWait) == [false])
        }
    }
}

/// Apply events as they come, from a `@Sendable` progress callback.
final class ApplyEventLog: Sendable {
    private let events = Mutex<[ApplyEvent]>([])

    func append(_ event: ApplyEvent) { events.withLock { $0.append(event) } }
    var all: [ApplyEvent] { events.withLock { $0 } }
}
