import Foundation
import OVSSandbox
import Orchestrator
import Reconciler
import Topology

/// The demo's last part, when run as root: the same plugin-edge.yaml on the userspace datapath,
/// its flows installed by the controller (`serve --topology`, in process), real packets from a
/// client on the uplink through the DNAT to the firewall plugin and through the COPY rule to the
/// balancer plugin, and the flows' counters afterwards.
extension DemoCommand {
    /// The hosts in `EdgeHosts` are this file's: its ports, plugin addresses and MACs.
    static let trafficTopology = "Topologies/plugin-edge.yaml"

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
        let edge: EdgeHosts
        do {
            step("Plugging a host (a network namespace and a veth pair) into each of the file's system ports")
            edge = try await EdgeHosts.create(in: sandbox)
        } catch {
            await tearDown(sandbox)
            throw error
        }
        do {
            try await serveAndSend(text, sandbox: sandbox, edge: edge)
        } catch {
            await edge.remove()
            await tearDown(sandbox)
            throw error
        }
        await edge.remove()
        await tearDown(sandbox)
    }

    private func serveAndSend(_ text: String, sandbox: Sandbox, edge: EdgeHosts) async throws {
        // The file's own defaults (datapath netdev, system ports) are what this sandbox has.
        let loaded = try TopologyLoader.load(
            text, file: Self.trafficTopology, options: .init(endpoints: ["local": sandbox.dbTarget])
        ).get()
        let socket = sandbox.directory + "/switchboard.sock"
        step("switchboard serve --listen unix:\(socket) --topology \(Self.trafficTopology)  (in this process)")
        let serve = try await DemoController.start(listening: socket, topology: loaded)
        do {
            try await applyAndConnect(loaded, sandbox: sandbox, socket: socket, serve: serve)
            try await sendThroughDNAT(edge)
            try await sendThroughCopy(edge)
            try await showCounters(sandbox)
        } catch {
            await serve.stop()
            throw error
        }
        step("Stopping the controller")
        await serve.stop()
    }

    /// `apply` makes the bridge and ports; pointing the bridge at the controller then empties its
    /// flow table (ovs-vswitchd does that when a bridge gets its first controller), so every flow
    /// the traffic meets afterwards was installed by the controller.
    private func applyAndConnect(
        _ loaded: Topology, sandbox: Sandbox, socket: String, serve: DemoController
    ) async throws {
        step(
            "switchboard apply \(Self.trafficTopology) (bridge, VLANs, tunnel, mirror, plugins; then the policies' flows)"
        )
        let orchestrator = try await Orchestrator.connect(loaded)
        do {
            try await orchestrator.apply(try await orchestrator.plan()) { print(ApplyCommand.describe($0)) }
        } catch {
            await orchestrator.close()
            throw error
        }
        await orchestrator.close()
        step(
            "ovs-vsctl set-controller br-edge unix:\(socket)  "
                + "(ovs-vswitchd empties the flow table: the controller must put the flows back)")
        try await sandbox.vsctl(["set-controller", "br-edge", "unix:" + socket])
        guard try await serve.waitForLine(containing: "reconciled") != nil else {
            throw DemoError("the controller did not reconcile br-edge within 10 s")
        }
    }

    private func sendThroughDNAT(_ edge: EdgeHosts) async throws {
        step(
            "DNAT: the client (uplink, 10.0.10.1) opens TCP to the edge's public 203.0.113.10:45; "
                + "the firewall plugin listens on 10.0.10.2:22")
        var answer: String?
        for _ in 0..<3 where answer == nil {
            answer = try await edge.tcpAnswer(to: "203.0.113.10", port: 45, listen: 22)
        }
        print(answer.map { "  client read: \($0)" } ?? "  (no answer: the DNAT did not work)\n", terminator: "")
    }

    private func sendThroughCopy(_ edge: EdgeHosts) async throws {
        step(
            "COPY: the client sends 3 DNS queries (UDP to 10.0.10.2:53) in from the uplink; "
                + "tcpdump on the firewall (fw0) and the balancer plugin (lb0)")
        let (original, copy) = try await edge.captureDNS(queries: 3)
        print("  firewall (fw0, the addressee) captured \(original.count):")
        for line in original { print("    \(line)") }
        print("  balancer (lb0, the copy) captured \(copy.count):")
        for line in copy { print("    \(line)") }
    }

    private func showCounters(_ sandbox: Sandbox) async throws {
        // The userspace datapath hands its counters to the OpenFlow flows on revalidation; wait for one.
        _ = try? await sandbox.appctl(["revalidator/wait"])
        step("ovs-ofctl -O OpenFlow14 --names dump-flows br-edge: the flows the controller installed, with counters")
        print(
            """
              Where to look: DNAT: table=2 tcp,in_port=uplink,nw_dst=203.0.113.10,tp_dst=45 sends the connection
              through conntrack, table=3 ct_state=+new commits its first packet with nat(dst=10.0.10.2:22), the
              firewall's answers come back through table=2 ip,in_port=fw0 (un-NATed). COPY: table=1
              udp,in_port=uplink,tp_dst=53 sends each query to the group. The firewall has nothing on UDP 53: its
              ICMP port-unreachable answers belong to no tracked connection and end in table=3's +inv drop.
            """)
        print(try await sandbox.ofctl(["-O", "OpenFlow14", "--names", "dump-flows", "br-edge"]), terminator: "")
        step(
            "ovs-ofctl -O OpenFlow14 dump-group-stats br-edge: the COPY group (bucket0 outputs to lb0, bucket1 continues to table 2)"
        )
        print(try await sandbox.ofctl(["-O", "OpenFlow14", "dump-group-stats", "br-edge"]), terminator: "")
    }
}
