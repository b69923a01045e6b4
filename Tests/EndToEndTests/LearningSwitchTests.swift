import Controller
import Foundation
import OVSSandbox
import OpenFlow
import TestSupport
import Testing

/// The learning-switch app with real packets: the bridge's only flow sends misses to the controller.
@Suite(
    "Learning switch with real traffic (netdev datapath)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct LearningSwitchTests {
    @Test("two hosts ping through packet-in/packet-out; the app then installs flows for both directions")
    func pingThroughController() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await withTwoHosts(on: sandbox, subnet: "10.98.0") { h1, h2 in
                let controller = Controller()
                let runner = AppRunner(controller: controller, apps: [L2LearningApp()])
                let events = Task { await runner.run() }
                do {
                    try controller.connect(to: .unix(path: sandbox.managementSocket(bridge: "br0")))
                    let handle = try #require(try await controller.waitForSwitches(count: 1).first)
                    try await expectPing(from: h1, to: h2)
                    let learned = try await handle.flows().filter { $0.priority == 10 }
                    #expect(learned.count >= 2, "\(learned)")
                    #expect(learned.allSatisfy { $0.idleTimeout == 60 && $0.match[.ethDst] != nil })
                } catch {
                    await controller.shutdown()
                    await events.value
                    throw error
                }
                await controller.shutdown()
                await events.value
            }
        }
    }

    @Test(
        "`switchboard serve --app l2-learning --metrics` as a process: hosts ping, /metrics counts it, SIGTERM ends it")
    func serveProcess() async throws {
        try await withSandbox(Sandbox.Options(datapath: .netdev)) { sandbox in
            try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
            try await withTwoHosts(on: sandbox, subnet: "10.99.0") { h1, h2 in
                let binary = TestEnvironment.productsDirectory.appendingPathComponent("switchboard").path
                let log = sandbox.directory + "/serve.out"
                FileManager.default.createFile(atPath: log, contents: nil)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = [
                    "serve", "--connect", "unix:" + sandbox.managementSocket(bridge: "br0"), "--app", "l2-learning",
                    "--metrics", "127.0.0.1:0",
                ]
                let output = try #require(FileHandle(forWritingAtPath: log))
                process.standardOutput = output
                process.standardError = output
                try process.run()
                defer { if process.isRunning { process.terminate() } }
                // The ping's own retries cover the moment the controller needs to connect.
                var pinged = false
                for _ in 0..<10 where !pinged {
                    let ping = try ExecutableSearch.require("ping", package: "iputils-ping")
                    pinged = try await h1.namespace.command(ping, ["-c", "1", "-W", "1", h2.ip]).run().succeeded
                }
                #expect(pinged)

                let printed = try String(contentsOfFile: log, encoding: .utf8)
                let url = try #require(
                    printed.split(separator: "\n").first { $0.hasPrefix("metrics at ") }.map {
                        String($0.dropFirst(11))
                    },
                    "\(printed)")
                let curl = try ExecutableSearch.require("curl", package: "curl")
                let scrape = try await Command(curl, ["-sf", url]).check().stdout
                #expect(scrape.contains("switchboard_switches_connected 1"), "\(scrape)")
                #expect(scrape.contains(#"switchboard_openflow_messages_total{direction="in",type="packet_in"}"#))
                #expect(scrape.contains(#"switchboard_openflow_messages_total{direction="out",type="packet_out"}"#))

                process.terminate()  // SIGTERM
                let deadline = Date().addingTimeInterval(10)
                while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
                #expect(!process.isRunning)
                #expect(process.terminationStatus == 0)
                #expect(try String(contentsOfFile: log, encoding: .utf8).contains("connecting to unix:"))
            }
        }
    }
}
