import OVSSandbox
import TestSupport

/// Opens a TCP connection from `client` to ADDRESS:PORT while `server` listens on its own address
/// and LISTEN, answering a fixed line; returns what the client read, or nil if nothing came back.
func tcpAnswer(
    from client: TrafficHost, to address: String, port: Int, server: TrafficHost, listen: Int
) async throws -> String? {
    let nc = try ExecutableSearch.require("nc", package: "netcat-openbsd")
    let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
    // nc -l waits for a connection forever whatever -w says; the refused cases need a bound.
    async let served = server.namespace.command(timeout, ["6", nc, "-l", "-N", "-w", "4", server.ip, "\(listen)"]).run(
        input: "hello from the plugin\n")
    try await Task.sleep(for: .milliseconds(300))
    let reply = try await client.namespace.command(nc, ["-N", "-w", "3", address, "\(port)"]).run(input: "hi\n")
    _ = try await served
    return reply.stdout.isEmpty ? nil : reply.stdout
}
