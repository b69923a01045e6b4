import Foundation
import TestSupport
import Testing

/// `make demo`'s command as a user runs it, from the repository root: its traffic part must show
/// the controller installing plugin-edge.yaml's flows, a TCP answer through the DNAT, the copies
/// of the DNS queries at the balancer plugin, and the counters of the flows and the group.
@Suite(
    "switchboard demo (as root: traffic through plugin-edge.yaml's DNAT and COPY)",
    .enabled(if: TestEnvironment.hasRootAndOVS, "needs root and Open vSwitch: run `make setup` as root"),
    .serialized
)
struct DemoCommandTests {
    @Test("the demo's controller installs the flows, the DNAT answers, the balancer gets the copies")
    func demo() async throws {
        let output = try await runDemo()
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("br-edge (node local, datapath 00000000000000e1) reconciled: 14 added") })
        #expect(lines.contains("  client read: hello from the firewall plugin (10.0.10.2:22)"), "\(output)")
        #expect(lines.contains("  firewall (fw0, the addressee) captured 3:"), "\(output)")
        #expect(lines.contains("  balancer (lb0, the copy) captured 3:"), "\(output)")
        #expect(
            lines.filter { $0.contains("IP 10.0.10.1.") && $0.hasSuffix("> 10.0.10.2.53: UDP, length 7") }.count == 6)
        // The flows that carried it, with their counters, as ovs-ofctl prints them.
        let dnat = lines.first { $0.contains("ct_state=+new+trk,tcp,in_port=uplink,nw_dst=203.0.113.10,tp_dst=45") }
        #expect(dnat?.contains("n_packets=0,") == false, "\(output)")
        let copy = lines.first { $0.contains("udp,in_port=uplink,tp_dst=53 actions=group:") }
        #expect(copy?.contains("n_packets=3,") == true, "\(output)")
        #expect(lines.contains { $0.contains("packet_count=3") && $0.contains("bucket0:packet_count=3") }, "\(output)")
        #expect(!output.contains("Skipping the real-traffic part"))
    }

    /// Runs `switchboard demo` from the repository root (it reads Topologies/) and returns what it
    /// printed; fails unless it exits 0.
    func runDemo() async throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let log = NSTemporaryDirectory() + "switchboard-demo-test-\(getpid()).out"
        FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = Process()
        process.executableURL = TestEnvironment.productsDirectory.appendingPathComponent("switchboard")
        process.arguments = ["demo"]
        process.currentDirectoryURL = root
        let output = FileHandle(forWritingAtPath: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Well under a minute: the demo is meant to be quick.
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        let printed = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(!timedOut, "still running after 60 s: \(printed)")
        #expect(process.terminationStatus == 0, "\(printed)")
        return printed
    }
}
