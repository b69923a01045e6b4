import Foundation
import OVSSandbox
import TestSupport
import Testing

/// Two netdev sandboxes as the two nodes of an overlay topology, with an underlay between them.
///
/// The userspace datapath tunnels natively: the tunnel's local address must sit on an OVS bridge's
/// internal port. Each node gets a `br-underlay`, made by hand with ovs-vsctl (a bridge the
/// topology files do not own, so applying them must leave it alone), holding its end of a veth
/// pair that is the wire between the two namespaces; the underlay address goes on br-underlay's
/// internal interface. Deleting the sandboxes' namespaces (on every path) removes the veths.
struct OverlayNodes {
    static let underlayAddresses = ("192.168.50.4", "192.168.50.5")
    static let underlayBridge = "br-underlay"

    let a: Sandbox
    let b: Sandbox

    /// Each node's end of the underlay wire: `ul-a` in A's namespace, `ul-b` in B's.
    static let wires = ("ul-a", "ul-b")

    static func with(_ body: (OverlayNodes) async throws -> Void) async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { a in
            try await withSandbox(Sandbox.Options(datapath: .netdev)) { b in
                let nodes = OverlayNodes(a: a, b: b)
                try await nodes.buildUnderlay()
                try await body(nodes)
            }
        }
    }

    private func buildUnderlay() async throws {
        guard let nsA = a.namespace?.name, let nsB = b.namespace?.name else {
            throw SandboxError.needsRoot("netdev sandbox")
        }
        let ip = try ExecutableSearch.require("ip", package: "iproute2")
        // Both ends born in their namespaces: no name is ever taken in the test runner's namespace.
        try await Command(
            ip, ["link", "add", Self.wires.0, "netns", nsA, "type", "veth", "peer", "name", Self.wires.1, "netns", nsB]
        ).check()
        for (sandbox, namespace, wire, address) in [
            (a, nsA, Self.wires.0, Self.underlayAddresses.0), (b, nsB, Self.wires.1, Self.underlayAddresses.1),
        ] {
            try await sandbox.addBridge(Self.underlayBridge)
            try await sandbox.addPort(wire, to: Self.underlayBridge)
            try await Command(ip, ["-n", namespace, "link", "set", wire, "up"]).check()
            try await Command(ip, ["-n", namespace, "addr", "add", address + "/24", "dev", Self.underlayBridge]).check()
            try await Command(ip, ["-n", namespace, "link", "set", Self.underlayBridge, "up"]).check()
        }
        // The underlay must work before any tunnel can; this also fills OVS's tunnel neighbour
        // cache (`ovs-appctl tnl/arp/show`), which learns from the ARP replies br-underlay forwards.
        let ping = try ExecutableSearch.require("ping", package: "iputils-ping")
        let output = try await Command(
            ip, ["netns", "exec", nsA, ping, "-c", "2", "-i", "0.2", "-W", "2", Self.underlayAddresses.1]
        ).run()
        try #require(output.stdout.contains("2 received"), "underlay A → B: \(output.stdout)")
    }

    /// The sandboxes as the topology's nodes.
    var endpoints: [String: String] { ["boxA": a.dbTarget, "boxB": b.dbTarget] }

    /// Packets a port sent and received, from `ovs-ofctl dump-ports` (tx, rx).
    static func counters(_ sandbox: Sandbox, bridge: String, port: String) async throws -> (tx: Int, rx: Int) {
        let text = try await sandbox.ofctl(["dump-ports", bridge, port])
        func count(_ label: String) -> Int {
            guard let range = text.range(of: label + " pkts=") else { return -1 }
            return Int(text[range.upperBound...].prefix { $0.isNumber }) ?? -1
        }
        return (count("tx"), count("rx"))
    }

    /// Captures the underlay wire of `sandbox` (`tcpdump`, which decodes VXLAN on UDP 4789) for
    /// `seconds` while `traffic` runs; returns one line per tunnelled frame: tcpdump prints the
    /// outer header (`… > 192.168.50.5.4789: VXLAN, flags [I] (0x08), vni 5000`) and the inner
    /// packet on the next line, joined here with ` | `.
    static func captureUnderlay(
        _ sandbox: Sandbox, wire: String, seconds: Int, during traffic: () async throws -> Void
    ) async throws -> [String] {
        let tcpdump = try ExecutableSearch.require("tcpdump", package: "tcpdump")
        let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
        guard let namespace = sandbox.namespace else { throw SandboxError.needsRoot("netdev sandbox") }
        async let capture = namespace.command(
            timeout, ["\(seconds)", tcpdump, "-n", "-l", "-i", wire, "udp", "port", "4789"]
        ).run()
        try await Task.sleep(for: .seconds(1.5))
        try await traffic()
        let lines = try await capture.stdout.split(separator: "\n").map(String.init)
        var frames: [String] = []
        for (index, line) in lines.enumerated() where line.contains("VXLAN") && index + 1 < lines.count {
            frames.append(line + " | " + lines[index + 1])
        }
        return frames
    }
}

/// A topology file from the repository's Topologies/ directory.
func topologyFile(_ name: String) throws -> (text: String, file: String) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies/\(name).yaml")
    return (try String(contentsOf: url, encoding: .utf8), url.lastPathComponent)
}
