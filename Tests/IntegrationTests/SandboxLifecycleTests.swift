import Foundation
import OVSSandbox
import TestSupport
import Testing

@Suite(
    "Sandbox lifecycle (dummy datapath)", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct SandboxLifecycleTests {
    @Test("start, create a bridge with ovs-vsctl, see it over OpenFlow, stop with no process left")
    func startBridgeStop() async throws {
        let directory = try makeTemporaryDirectory(prefix: "sb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sandbox = try await Sandbox.start(directory: directory)
        let status = sandbox.status()
        let pids = try #require([status.ovsdbServerPID, status.vswitchdPID].compactMap { $0 } as [Int32]?)
        #expect(pids.count == 2)

        try await sandbox.addBridge("br0")
        #expect(try await sandbox.vsctl(["list-br"]) == "br0\n")
        #expect(try await sandbox.vsctl(["get", "bridge", "br0", "datapath_type"]) == "dummy\n")
        let show = try await sandbox.ofctl(["show", "br0"])
        #expect(show.contains("OFPT_FEATURES_REPLY (OF1.4)"))

        let report = await sandbox.stop()
        #expect(report.stopped == ["ovs-vswitchd", "ovsdb-server"])
        #expect(report.alreadyDead.isEmpty)
        for pid in pids { #expect(!processIsAlive(pid), "pid \(pid) still alive after stop") }
        #expect(throws: SandboxError.notFound(directory)) { try Sandbox.attach(directory: directory) }
    }

    @Test("two sandboxes started at once do not see each other's bridges or flows")
    func twoSandboxesSideBySide() async throws {
        async let first: String = withSandbox { sandbox in
            try await sandbox.addBridge("br0")
            try await sandbox.ofctl(["add-flow", "br0", "priority=7,ip,nw_dst=10.0.0.1,actions=drop"])
            return try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"])
        }
        async let second: String = withSandbox { sandbox in
            try await sandbox.addBridge("br0")
            try await sandbox.addBridge("br1")
            try await sandbox.ofctl(["add-flow", "br0", "priority=9,arp,actions=drop"])
            return try await sandbox.ofctl(["dump-flows", "br0", "--no-stats"])
        }
        let (flowsA, flowsB) = try await (first, second)
        #expect(flowsA.contains("priority=7,ip,nw_dst=10.0.0.1 actions=drop"))
        #expect(!flowsA.contains("arp"))
        #expect(flowsB.contains("priority=9,arp actions=drop"))
        #expect(!flowsB.contains("nw_dst"))
    }

    @Test("a sandbox whose daemons died is reported dead and cleaned up by stop")
    func deadSandbox() async throws {
        let directory = try makeTemporaryDirectory(prefix: "sb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sandbox = try await Sandbox.start(directory: directory)
        let status = sandbox.status()
        for pid in [status.ovsdbServerPID, status.vswitchdPID].compactMap({ $0 }) { kill(pid, SIGKILL) }
        try await waitUntil { sandbox.status().dead }
        #expect(!sandbox.isRunning)
        let report = await sandbox.stop()
        #expect(report.stopped.isEmpty)
        #expect(report.alreadyDead == ["ovs-vswitchd", "ovsdb-server"])
        #expect(throws: SandboxError.notFound(directory)) { try Sandbox.attach(directory: directory) }
    }

    @Test("starting over a running sandbox is refused")
    func startTwiceInOneDirectory() async throws {
        try await withSandbox { sandbox in
            await #expect(throws: SandboxError.alreadyRunning(sandbox.directory)) {
                _ = try await Sandbox.start(directory: sandbox.directory)
            }
            #expect(sandbox.isRunning)
        }
    }

    @Test("a directory with no sandbox is reported as such")
    func missingSandbox() throws {
        let directory = try makeTemporaryDirectory(prefix: "sb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: SandboxError.notFound(directory)) { try Sandbox.attach(directory: directory) }
    }
}

func processIsAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    guard let close = stat.lastIndex(of: ")") else { return false }
    return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}

func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while !condition() {
        guard clock.now < deadline else {
            Issue.record("condition not met within \(timeout)")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
