import Foundation
import OVSSandbox
import TestSupport
import Testing

/// Scenario 6 of the policies issue: `switchboard serve --topology` is restarted while a client
/// pings a VIP that a stateful DNAT maps to a plugin; not one packet is lost, because the flows
/// stay while serve is away (fail_mode secure) and nothing is deleted and re-added when it is back.
@Suite(
    "serve --topology restarted under traffic (netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct ServeRestartTrafficTests {
    @Test("a 100-packet ping through a stateful DNAT loses nothing while serve restarts; no flow is re-added")
    func restartUnderPing() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await withTwoHosts(on: sandbox, subnet: "10.93.0") { client, plugin in
                let mac = try #require(try await pluginRecord(plugin, name: "ssh").mac)
                let vip = "10.93.0.100"
                let file = sandbox.directory + "/serve.yaml"
                try """
                name: restart
                ovsdb: unix:/nonexistent/db.sock
                bridges:
                  br0:
                    ports: {\(client.switchPort): {}, \(plugin.switchPort): {}}
                    plugins:
                      ssh: {port: \(plugin.switchPort), ip: \(plugin.address), mac: "\(mac)"}
                    policies:
                      - PREROUTING -i \(client.switchPort) -p icmp -d \(vip) -j DNAT --to ssh
                """.write(toFile: file, atomically: true, encoding: .utf8)
                let socket = sandbox.directory + "/sb.sock"
                let arguments = ["--listen", "unix:" + socket, "--topology", file]
                var serve = try ServeProcess(arguments, log: sandbox.directory + "/serve1.out")
                #expect(try await serve.waitForLine(containing: "listening on") != nil, "\(serve.output)")
                try await sandbox.vsctl([
                    "set-controller", "br0", "unix:" + socket, "--", "set", "controller", "br0", "max_backoff=1000",
                ])
                let installed = try #require(try await serve.waitForLine(containing: "reconciled"), "\(serve.output)")
                #expect(!installed.contains(" 0 added"), "\(installed)")

                let ping = try ExecutableSearch.require("ping", package: "iputils-ping")
                var warm = false
                for _ in 0..<3 where !warm {
                    warm = try await client.run(ping, ["-c", "1", "-W", "1", vip]).stdout.contains("1 received")
                }
                #expect(warm, "the VIP does not answer before the restart")
                let before = try await flowDurations(sandbox)

                let started = ContinuousClock.now
                async let stream = client.run(ping, ["-c", "100", "-i", "0.05", "-W", "1", vip])
                try await Task.sleep(for: .milliseconds(800))
                #expect(try await serve.stop() == 0)
                try await Task.sleep(for: .milliseconds(500))
                serve = try ServeProcess(arguments, log: sandbox.directory + "/serve2.out")
                let again = try #require(try await serve.waitForLine(containing: "reconciled"), "\(serve.output)")
                #expect(again.hasSuffix("reconciled: 0 added, 0 changed, 0 deleted"), "\(again)")
                // The whole restart fell inside the ping's five seconds.
                #expect(ContinuousClock.now - started < .seconds(4.5))
                let output = try await stream.stdout
                #expect(output.contains("100 packets transmitted, 100 received, 0% packet loss"), "\(output)")
                #expect(output.contains("from \(vip)"), "replies must come from the VIP: \(output)")

                let after = try await flowDurations(sandbox)
                #expect(Set(after.keys) == Set(before.keys))
                for (flow, seconds) in after {
                    #expect(seconds >= (before[flow] ?? .infinity) + 1.3, "re-added: \(flow)")
                }
                #expect(try await serve.stop() == 0)
            }
        }
    }

    /// br0's flows in ovs-ofctl syntax without statistics, each with its age in seconds.
    func flowDurations(_ sandbox: Sandbox) async throws -> [String: Double] {
        let dump = try await sandbox.ofctl(["dump-flows", "br0"])
        var result: [String: Double] = [:]
        for line in dump.split(separator: "\n") where line.contains("cookie=") {
            let fields = line.split(separator: " ")
            let duration = fields.first { $0.hasPrefix("duration=") }
            let seconds = duration.flatMap { Double($0.dropFirst("duration=".count).dropLast(2)) } ?? -1
            let kept = fields.filter { !["duration=", "n_packets=", "n_bytes="].contains(where: $0.hasPrefix) }
            result[kept.joined(separator: " ")] = seconds
        }
        return result
    }
}
