import Foundation
import OVSSandbox
import TestSupport
import Testing

/// Real packets: hosts in their own network namespaces, plugged into a userspace-datapath bridge
/// whose ovs-vswitchd runs in a namespace of its own.
@Suite(
    "Real traffic between namespaces (netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct NamespaceTrafficTests {
    @Test("ping and a TCP exchange between two hosts across a NORMAL bridge")
    func pingAndTCP() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.91.0") { h1, h2 in
                try await expectPing(from: h1, to: h2)
                try await expectTCPExchange(client: h1, server: h2)
            }
        }
    }

    @Test("two netdev sandboxes side by side carry their own traffic")
    func twoNetdevSandboxes() async throws {
        async let first: Void = withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.92.0") { h1, h2 in
                try await expectPing(from: h1, to: h2)
            }
        }
        async let second: Void = withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0")
            try await withTwoHosts(on: sandbox, subnet: "10.93.0") { h1, h2 in
                try await expectPing(from: h1, to: h2)
            }
        }
        _ = try await (first, second)
    }
}

/// Two hosts on br0 at SUBNET.1 and SUBNET.2, removed again whatever `body` does.
func withTwoHosts(
    on sandbox: Sandbox, subnet: String, _ body: (TrafficHost, TrafficHost) async throws -> Void
) async throws {
    let h1 = try await TrafficHost.attach(to: sandbox, bridge: "br0", address: "\(subnet).1/24")
    let h2: TrafficHost
    do {
        h2 = try await TrafficHost.attach(to: sandbox, bridge: "br0", address: "\(subnet).2/24")
    } catch {
        await h1.remove()
        throw error
    }
    do {
        try await body(h1, h2)
    } catch {
        await h1.remove()
        await h2.remove()
        throw error
    }
    await h1.remove()
    await h2.remove()
}

func expectPing(from source: TrafficHost, to destination: TrafficHost) async throws {
    let ping = try ExecutableSearch.require("ping", package: "iputils-ping")
    let output = try await source.run(ping, ["-c", "3", "-i", "0.2", "-W", "2", destination.ip])
    #expect(output.stdout.contains("3 received"), "\(output.stdout)")
}

/// Both directions of one TCP connection: each side sends a line and must read the other's. The
/// client retries until the server listens; a whole exchange is retried at most twice more, since
/// starting two netcats in two namespaces is racy on a loaded machine (the bytes, not the timing,
/// are what the test is about).
func expectTCPExchange(client: TrafficHost, server: TrafficHost) async throws {
    var last = ("", "")
    for _ in 0..<3 {
        last = try await tcpExchange(client: client, server: server)
        if last == ("pong from server\n", "ping from client\n") { break }
    }
    #expect(last.0 == "pong from server\n")
    #expect(last.1 == "ping from client\n")
}

/// One exchange: (what the client read, what the server read).
func tcpExchange(client: TrafficHost, server: TrafficHost) async throws -> (String, String) {
    let nc = try ExecutableSearch.require("nc", package: "netcat-openbsd")
    let port = "5555"
    async let served = server.namespace.command(nc, ["-l", "-N", "-w", "10", server.ip, port]).run(
        input: "pong from server\n")
    var reply: Command.Output?
    for _ in 0..<50 {
        let attempt = try await client.namespace.command(nc, ["-N", "-w", "5", server.ip, port]).run(
            input: "ping from client\n")
        if attempt.succeeded {
            reply = attempt
            break
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    let received = try await served
    return (reply?.stdout ?? "", received.stdout)
}
