import ArgumentParser
import Foundation
import OVSSandbox

/// The guided tour `make demo` runs: a private OVS, a bridge made through OVSDB, shown, torn down.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a sandbox OVS, create a bridge with ports through OVSDB, show it, tear it down.")

    @Option(help: ArgumentHelp("Directory for the demo sandbox (default: a fresh temporary one).", valueName: "DIR"))
    var dir: String?

    func run() async throws {
        let directory = dir ?? NSTemporaryDirectory() + "switchboard-demo-\(getpid())"
        do {
            step("Starting a private ovsdb-server and ovs-vswitchd (dummy datapath) in \(directory)")
            let sandbox = try await Sandbox.start(directory: directory)
            do {
                try await tour(sandbox)
            } catch {
                await tearDown(sandbox)
                throw error
            }
            await tearDown(sandbox)
        } catch {
            throw fail("\(error)")
        }
    }

    private func tour(_ sandbox: Sandbox) async throws {
        step("Creating bridge br0 (OpenFlow 1.4) with two ports through OVSDB")
        try await sandbox.addBridge("br0")
        try await sandbox.addPort("p1", to: "br0", ofport: 1)
        try await sandbox.addPort("p2", to: "br0", ofport: 2)
        step("ovs-vsctl show")
        print(try await sandbox.vsctl(["show"]), terminator: "")
        step("ovs-ofctl -O OpenFlow14 show br0 (over the bridge's OpenFlow socket)")
        print(try await sandbox.ofctl(["show", "br0"]), terminator: "")
    }

    private func tearDown(_ sandbox: Sandbox) async {
        step("Tearing the sandbox down")
        let report = await sandbox.stop()
        print("stopped \(report.stopped.joined(separator: ", "))")
    }

    private func step(_ text: String) {
        print("\n==> \(text)")
    }
}
