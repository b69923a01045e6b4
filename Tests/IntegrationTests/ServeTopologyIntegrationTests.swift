import Controller
import Foundation
import OVSSandbox
import Orchestrator
import TestSupport
import Testing
import Topology

/// `switchboard serve --topology` as the bridge's controller (ovs-vswitchd connects to it): it
/// installs what `apply` would, survives its own restart without touching a flow, and follows the
/// file on SIGHUP, keeping the old one when the new one is broken.
@Suite(
    "serve --topology against a real switch",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"),
    .serialized
)
struct ServeTopologyIntegrationTests {
    static func topology(dropPort: String) -> String {
        """
        name: serve-test
        ovsdb: unix:/nonexistent/db.sock
        bridges:
          br0:
            datapath_id: "00000000000000b0"
            ports: {p1: {}, p2: {}, p3: {}}
            plugins:
              ssh: {port: p3, ip: 10.0.0.3/24, mac: "02:00:00:00:00:03"}
            policies:
              - FORWARD -p tcp --dport \(dropPort) -j DROP
              - PREROUTING -i p1 -p tcp -d 10.0.0.100 --dport 45 -j DNAT --to ssh:22
              - PREROUTING -p tcp -d 10.0.0.9 -j COPY --to ssh --bidirectional
        """
    }

    /// Every flow of br0 in ovs-ofctl syntax without its duration, with that duration in seconds.
    static func flows(_ sandbox: Sandbox) async throws -> [String: Double] {
        let dump = try await sandbox.ofctl(["dump-flows", "br0"])
        var result: [String: Double] = [:]
        for line in dump.split(separator: "\n") where line.contains("cookie=") {
            let fields = line.split(separator: " ")
            let duration = fields.first { $0.hasPrefix("duration=") }
            let seconds = duration.flatMap { Double($0.dropFirst("duration=".count).dropLast(2)) } ?? -1
            result[fields.filter { !$0.hasPrefix("duration=") }.joined(separator: " ")] = seconds
        }
        return result
    }

    /// What `apply` would still send: BridgeFlows planned on a second OpenFlow connection.
    static func remainingPlan(_ sandbox: Sandbox, file: String) async throws -> Int {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let topology = try TopologyLoader.load(text, file: file).get()
        let controller = Controller()
        defer { Task { await controller.shutdown() } }
        let handle = try await controller.open(.unix(path: sandbox.managementSocket(bridge: "br0")))
        defer { handle.close() }
        guard case .managed(_, let bridge, let zone) = SwitchIdentity(handle, in: topology) else {
            Issue.record("br0 not identified as the file's bridge")
            return -1
        }
        guard case .live(let flows) = try await BridgeFlows.plan(on: handle, bridge: bridge, zone: zone) else {
            Issue.record("br0 still pending")
            return -1
        }
        return flows.plan.messages.count
    }

    @Test(
        "installs apply's flows once a missing port appears; a restart deletes nothing; SIGHUP changes one rule; a broken file keeps the old flows"
    )
    func serveLifecycle() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge(
                "br0", extra: ["set", "bridge", "br0", "fail_mode=secure", "other-config:datapath-id=00000000000000b0"])
            try await sandbox.addPort("p1", to: "br0", ofport: 1)
            try await sandbox.addPort("p2", to: "br0", ofport: 2)
            let file = sandbox.directory + "/serve.yaml"
            try Self.topology(dropPort: "80").write(toFile: file, atomically: true, encoding: .utf8)
            let socket = sandbox.directory + "/sb.sock"
            let arguments = ["--listen", "unix:" + socket, "--topology", file]

            var serve = try ServeProcess(
                arguments + ["--metrics", "127.0.0.1:0"], log: sandbox.directory + "/serve1.out")
            #expect(try await serve.waitForLine(containing: "listening on") != nil, "\(serve.output)")
            try await sandbox.vsctl([
                "set-controller", "br0", "unix:" + socket, "--", "set", "controller", "br0", "max_backoff=1000",
            ])
            // The plugin's port is missing: nothing is installed until it appears.
            let waiting = try await serve.waitForLine(containing: "waiting")
            #expect(waiting?.contains("port p3 does not exist yet") == true, "\(serve.output)")
            #expect(try await Self.flows(sandbox).isEmpty)
            try await sandbox.addPort("p3", to: "br0", ofport: 3)
            let installed = try #require(
                try await serve.waitForLine(containing: "reconciled"), "\(serve.output)")
            #expect(installed.contains("br0 (node local, datapath 00000000000000b0) reconciled:"), "\(installed)")
            #expect(installed.hasSuffix(" 0 changed, 0 deleted"), "\(installed)")
            #expect(!installed.contains(" 0 added"), "\(installed)")
            let first = try await Self.flows(sandbox)
            #expect(first.count > 5 && first.keys.allSatisfy { $0.contains("cookie=0x5b0a") }, "\(first.keys)")
            #expect(try await Self.remainingPlan(sandbox, file: file) == 0)
            // The bundle's size is on /metrics: one reconcile, as many flow and group mods as added.
            let words = installed.split(separator: " ")
            let added = try #require(words.firstIndex(of: "added,").map { words[$0 - 1] })
            let url = try #require(
                try await serve.waitForLine(containing: "metrics at ").map { String($0.dropFirst("metrics at ".count)) }
            )
            let curl = try ExecutableSearch.require("curl", package: "curl")
            let scrape = try await Command(curl, ["-sf", url]).check().stdout
            #expect(scrape.contains("switchboard_topology_reconciles_total 1\n"), "\(scrape)")
            #expect(scrape.contains("switchboard_topology_flow_mods_total \(added)\n"), "\(scrape)")

            // Away: the flows stay (fail_mode secure); back: nothing is deleted and re-added, so
            // every flow is older than the gap.
            #expect(try await serve.stop() == 0)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(Set(try await Self.flows(sandbox).keys) == Set(first.keys))
            serve = try ServeProcess(arguments, log: sandbox.directory + "/serve2.out")
            let again = try #require(try await serve.waitForLine(containing: "reconciled"), "\(serve.output)")
            #expect(again.hasSuffix("reconciled: 0 added, 0 changed, 0 deleted"), "\(again)")
            let afterRestart = try await Self.flows(sandbox)
            #expect(Set(afterRestart.keys) == Set(first.keys))
            for (flow, seconds) in afterRestart {
                #expect(seconds >= (first[flow] ?? .infinity) + 1.5, "re-added: \(flow)")
            }

            // One rule changed: only its flow is replaced.
            try Self.topology(dropPort: "81").write(toFile: file, atomically: true, encoding: .utf8)
            var offset = serve.output.count
            serve.signal(SIGHUP)
            let changed = try #require(
                try await serve.waitForLine(containing: "reconciled", after: offset), "\(serve.output)")
            #expect(changed.hasSuffix("reconciled: 1 added, 0 changed, 1 deleted"), "\(changed)")
            let afterChange = try await Self.flows(sandbox)
            let gone = Set(afterRestart.keys).subtracting(afterChange.keys)
            let new = Set(afterChange.keys).subtracting(afterRestart.keys)
            #expect(gone.count == 1 && gone.first?.contains("tp_dst=80") == true, "\(gone)")
            #expect(new.count == 1 && new.first?.contains("tp_dst=81") == true, "\(new)")

            // A broken file: logged with its diagnostic, the flows stay as they were.
            try Self.topology(dropPort: "81").replacingOccurrences(of: "--dport 81", with: "--dprot 81")
                .write(toFile: file, atomically: true, encoding: .utf8)
            offset = serve.output.count
            serve.signal(SIGHUP)
            #expect(try await serve.waitForLine(containing: "reload of", after: offset) != nil, "\(serve.output)")
            #expect(try await serve.waitForLine(containing: "did you mean --dport", after: offset) != nil)
            #expect(Set(try await Self.flows(sandbox).keys) == Set(afterChange.keys))

            // 60,002 rules (they used to trap in the priority arithmetic and take serve down):
            // refused at once, serve keeps its file and goes on answering.
            let manyRules = (0..<60_002).map { "      - FORWARD -p tcp --dport \(1 + $0 % 60_000) -j DROP\n" }.joined()
            try (Self.topology(dropPort: "81") + "\n" + manyRules).write(
                toFile: file, atomically: true, encoding: .utf8)
            offset = serve.output.count
            serve.signal(SIGHUP)
            #expect(
                try await serve.waitForLine(containing: "a bridge takes at most 30000 rules", after: offset) != nil,
                "\(serve.output)")
            #expect(Set(try await Self.flows(sandbox).keys) == Set(afterChange.keys))
            #expect(try await serve.stop() == 0)
        }
    }

    @Test("an invalid file at start: serve prints the located diagnostic and exits 1 before it listens")
    func invalidAtStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml").path
        try Self.topology(dropPort: "80").replacingOccurrences(of: "--dport 80", with: "--dprot 80")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let serve = try ServeProcess(
            ["--listen", "unix:" + directory.appendingPathComponent("sb.sock").path, "--topology", file],
            log: directory.appendingPathComponent("serve.out").path)
        let deadline = ContinuousClock.now + .seconds(10)
        while serve.process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!serve.process.isRunning && serve.process.terminationStatus == 1)
        #expect(serve.output.contains("bad.yaml:10:"), "\(serve.output)")
        #expect(serve.output.contains("did you mean --dport"), "\(serve.output)")
        #expect(!serve.output.contains("listening on"))
    }
}
