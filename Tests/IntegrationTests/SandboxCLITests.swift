import Foundation
import OVSSandbox
import TestSupport
import Testing

/// The `switchboard sandbox` commands as a user runs them: the built executable, real exit codes.
@Suite("switchboard sandbox CLI", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct SandboxCLITests {
    let switchboard = TestEnvironment.productsDirectory.appendingPathComponent("switchboard").path

    func cli(_ arguments: String...) async throws -> Command.Output {
        try await Command(switchboard, arguments).run()
    }

    @Test("start, status, env, stop; then stop and status on the gone sandbox fail cleanly")
    func startStatusStop() async throws {
        let directory = try makeTemporaryDirectory(prefix: "sbc")
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let start = try await cli("sandbox", "start", "--dir", directory, "--bridge", "br0")
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.contains("openflow: unix:\(directory)/br0.mgmt"))
        #expect(start.stdout.contains("export OVS_RUNDIR='\(directory)'"))

        let status = try await cli("sandbox", "status", "--dir", directory)
        #expect(status.status == 0)
        #expect(status.stdout.contains("ovs-vswitchd  running, pid"))

        let env = try await cli("sandbox", "env", "--dir", directory)
        #expect(env.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("export OVS_") })

        let stop = try await cli("sandbox", "stop", "--dir", directory)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("stopped ovs-vswitchd, ovsdb-server"))

        for command in ["stop", "status"] {
            let again = try await cli("sandbox", command, "--dir", directory)
            #expect(again.status == 1)
            #expect(again.stderr == "switchboard: error: no sandbox in \(directory)\n")
        }
    }

    @Test("stop on a sandbox whose daemons were killed says so and exits non-zero")
    func stopDeadSandbox() async throws {
        let directory = try makeTemporaryDirectory(prefix: "sbc")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sandbox = try await Sandbox.start(directory: directory)
        let status = sandbox.status()
        for pid in [status.ovsdbServerPID, status.vswitchdPID].compactMap({ $0 }) { kill(pid, SIGKILL) }
        try await waitUntil { sandbox.status().dead }

        let stop = try await cli("sandbox", "stop", "--dir", directory)
        #expect(stop.status == 1)
        #expect(stop.stderr.contains("ovs-vswitchd and ovsdb-server in \(directory) had already died"))
        #expect(!stop.stderr.contains("Fatal error"))
    }

    @Test("--version and --help read well")
    func versionAndHelp() async throws {
        let version = try await cli("--version")
        #expect(version.stdout == SwitchboardVersion.string + "\n")
        let help = try await cli("sandbox", "start", "--help")
        #expect(help.stdout.contains("--datapath <datapath>"))
        #expect(help.stdout.contains("--dir <DIR>"))
    }
}
