import ArgumentParser
import Foundation
import OVSSandbox
import Orchestrator
import Reconciler
import Topology

/// The guided tour `make demo` runs: a private OVS, a bridge made through OVSDB, a topology with
/// policies applied and shown, torn down; then, as root, plugin-edge.yaml on the userspace datapath
/// with its flows installed by the controller and real packets through its DNAT and COPY rules.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Start a sandbox OVS, create a bridge through OVSDB, apply a topology file, show it, tear it down; "
            + "as root, run the controller on plugin-edge.yaml and send packets through its DNAT and COPY rules.")

    @Option(help: ArgumentHelp("Directory for the demo sandbox (default: a fresh temporary one).", valueName: "DIR"))
    var dir: String?

    @Option(
        help: ArgumentHelp(
            "Topology to plan and apply to the sandbox (the real-traffic part always uses \(Self.trafficTopology)).",
            valueName: "FILE"))
    var topology: String = "Topologies/plugin-edge.yaml"

    func run() async throws {
        let directory = dir ?? NSTemporaryDirectory() + "switchboard-demo-\(getpid())"
        do {
            step("Starting a private ovsdb-server and ovs-vswitchd (dummy datapath) in \(directory)")
            let sandbox = try await Sandbox.start(directory: directory)
            do {
                try await tour(sandbox)
            } catch {
                await tearDown(sandbox)
                throw error
            }
            await tearDown(sandbox)
            try await trafficTour()
        } catch {
            throw fail("\(error)")
        }
    }

    private func tour(_ sandbox: Sandbox) async throws {
        step("Creating bridge br0 (OpenFlow 1.4) with two ports through OVSDB")
        try await sandbox.addBridge("br0")
        try await sandbox.addPort("p1", to: "br0", ofport: 1)
        try await sandbox.addPort("p2", to: "br0", ofport: 2)
        step("ovs-vsctl show")
        print(try await sandbox.vsctl(["show"]), terminator: "")
        step("ovs-ofctl -O OpenFlow14 show br0 (over the bridge's OpenFlow socket)")
        print(try await sandbox.ofctl(["show", "br0"]), terminator: "")
        try await applyTopology(sandbox)
    }

    /// Plans and applies the example topology to the sandbox (dummy datapath and ports).
    private func applyTopology(_ sandbox: Sandbox) async throws {
        guard let text = try? String(contentsOfFile: topology, encoding: .utf8) else {
            step("Skipping the topology part: \(topology) not found (run from the repository root)")
            return
        }
        // Only the variables the file uses: an override of a variable a file does not have is an
        // error (`--demo --topology` takes any example, not only plugin-edge.yaml).
        let dummy = ["datapath": "dummy", "port_type": "dummy"].filter { text.contains("${\($0.key)}") }
        let loaded = try TopologyLoader.load(
            text, file: topology, options: .init(variables: dummy, endpoints: ["local": sandbox.dbTarget])
        ).get()
        step("switchboard plan \(topology) (datapath and ports as dummy, the node pointed at the sandbox)")
        let orchestrator = try await Orchestrator.connect(loaded)
        do {
            let plan = try await orchestrator.plan()
            print(PlanRenderer.text(plan), terminator: "")
            step(
                "switchboard apply: one OVSDB transaction, realized by ovs-vswitchd, verified; "
                    + "then the policies' flows in one OpenFlow bundle")
            try await orchestrator.apply(plan) { print(ApplyCommand.describe($0)) }
            step("ovs-vsctl show")
            print(try await sandbox.vsctl(["show"]), terminator: "")
            for bridge in loaded.nodes.flatMap(\.bridges) where bridge.managesFlows {
                step("ovs-ofctl -O OpenFlow14 dump-flows \(bridge.name) --no-stats (the policies, compiled)")
                print(
                    try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", bridge.name, "--no-stats"]),
                    terminator: "")
                step("ovs-ofctl -O OpenFlow14 dump-groups \(bridge.name)")
                print(try await sandbox.ofctl(["-O", "OpenFlow14", "dump-groups", bridge.name]), terminator: "")
            }
            step("switchboard plan again")
            print(PlanRenderer.text(try await orchestrator.plan()), terminator: "")
        } catch {
            await orchestrator.close()
            throw error
        }
        await orchestrator.close()
    }

    func tearDown(_ sandbox: Sandbox) async {
        step("Tearing the sandbox down")
        let report = await sandbox.stop()
        print("stopped \(report.stopped.joined(separator: ", "))")
    }

    func step(_ text: String) {
        print("\n==> \(text)")
    }
}
