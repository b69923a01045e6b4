import Foundation
import OVSSandbox
import Orchestrator
import Reconciler
import Topology

/// The demo's last part, when run as root: a policy scenario on the userspace datapath with real
/// packets between network namespaces, and the flows' counters afterwards.
extension DemoCommand {
    static let trafficTopology = "Topologies/plugin-dnat.yaml"

    func trafficTour() async throws {
        guard geteuid() == 0 else {
            step("Skipping the real-traffic part: network namespaces need root (sudo make demo)")
            return
        }
        guard let text = try? String(contentsOfFile: Self.trafficTopology, encoding: .utf8) else {
            step("Skipping the real-traffic part: \(Self.trafficTopology) not found (run from the repository root)")
            return
        }
        let directory = NSTemporaryDirectory() + "switchboard-demo-traffic-\(getpid())"
        step("Starting a second sandbox: the userspace datapath, in a network namespace of its own")
        let sandbox = try await Sandbox.start(directory: directory, options: .init(datapath: .netdev))
        var hosts: [TrafficHost] = []
        do {
            // The ports, addresses and MAC the scenario file names.
            hosts.append(try await TrafficHost.create(in: sandbox, address: "10.95.0.1/24", switchPort: "client0"))
            hosts.append(
                try await TrafficHost.create(
                    in: sandbox, address: "10.95.0.2/24", switchPort: "ssh0", mac: "02:00:00:95:00:02"))
            try await sendThroughDNAT(text, sandbox: sandbox, client: hosts[0], plugin: hosts[1])
        } catch {
            for host in hosts { await host.remove() }
            await tearDown(sandbox)
            throw error
        }
        for host in hosts { await host.remove() }
        await tearDown(sandbox)
    }

    private func sendThroughDNAT(
        _ text: String, sandbox: Sandbox, client: TrafficHost, plugin: TrafficHost
    )
        async throws
    {
        let topology = try TopologyLoader.load(
            text, file: Self.trafficTopology, options: .init(endpoints: ["local": sandbox.dbTarget])
        ).get()
        step("switchboard apply \(Self.trafficTopology): a client host, an `ssh` plugin host, two DNAT rules")
        let orchestrator = try await Orchestrator.connect(topology)
        do {
            let plan = try await orchestrator.plan()
            print(PlanRenderer.text(plan), terminator: "")
            try await orchestrator.apply(plan) { print(ApplyCommand.describe($0)) }
        } catch {
            await orchestrator.close()
            throw error
        }
        await orchestrator.close()

        step("The plugin listens on 10.95.0.2:22; the client connects to the virtual address 10.95.0.100:45")
        let nc = try ExecutableSearch.require("nc", package: "netcat-openbsd")
        let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
        var answer = ""
        for _ in 0..<3 where answer.isEmpty {
            async let served = plugin.namespace.command(timeout, ["6", nc, "-l", "-N", "-w", "4", plugin.ip, "22"])
                .run(input: "hello from the ssh plugin (10.95.0.2:22)\n")
            try await Task.sleep(for: .milliseconds(300))
            let reply = try await client.namespace.command(nc, ["-N", "-w", "3", "10.95.0.100", "45"]).run(
                input: "hi\n")
            _ = try await served
            answer = reply.stdout
        }
        print(answer.isEmpty ? "(no answer: the DNAT did not work)" : "client read: \(answer)", terminator: "")

        step("ovs-ofctl -O OpenFlow14 dump-flows br0: the counters of the flows that carried it")
        print(try await sandbox.ofctl(["-O", "OpenFlow14", "dump-flows", "br0"]), terminator: "")
    }
}
