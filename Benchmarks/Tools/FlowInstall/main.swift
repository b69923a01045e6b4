import Controller
import Foundation
import NIOCore
import OVSSandbox
import OpenFlow

// Flow installation into one real ovs-vswitchd bridge (a private sandbox, dummy datapath):
// N FLOW_MODs + one barrier, and the same N in one atomic bundle, by a raw streaming client
// (pre-encoded bytes, the switch's own limit) and by Switchboard's `Switch` handle, in one run.
//
//   FlowInstall [N=100000] [RUNS=3]
//
// Switchboard's time includes encoding (it starts from `[OFMessage.Body]`); the raw client's
// does not. Between measurements the table is emptied with `ovs-ofctl del-flows` (untimed) and
// after each one `ovs-ofctl dump-aggregate` must report N flows.

let arguments = CommandLine.arguments.dropFirst()
let count = arguments.first.flatMap { Int($0) } ?? 100_000
let runs = arguments.dropFirst().first.flatMap { Int($0) } ?? 3

func flowMod(_ index: Int) -> FlowMod {
    var mod = FlowMod(command: .add, tableID: 0, priority: 100)
    mod.cookie = UInt64(index)
    mod.match = Match([OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0a00_0000 + UInt128(index))])
    mod.instructions = [.applyActions([.output(port: PortNumber(2))])]
    return mod
}

let bodies = (0..<count).map { OFMessage.Body.flowMod(flowMod($0)) }

var template = Array("/tmp/flowbench-XXXXXX".utf8CString)
guard let made = mkdtemp(&template) else { throw BenchError("mkdtemp: errno \(errno)") }
let directory = String(cString: made)
let sandbox = try await Sandbox.start(directory: directory)
defer { try? FileManager.default.removeItem(atPath: directory) }

func flowCount() async throws -> Int {
    let text = try await sandbox.ofctl(["dump-aggregate", "br0"])
    guard let range = text.range(of: "flow_count="),
        let number = Int(text[range.upperBound...].prefix { $0.isNumber })
    else { throw BenchError("no flow_count in \(text)") }
    return number
}

func measure(_ name: String, _ body: () async throws -> Void) async throws -> Double {
    try await sandbox.ofctl(["del-flows", "br0"])
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    let elapsed = clock.now - start
    let installed = try await flowCount()
    guard installed == count else { throw BenchError("\(name): \(installed) flows installed, expected \(count)") }
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

var results: [String: [Double]] = [:]
do {
    try await sandbox.addBridge("br0", extra: ["set", "bridge", "br0", "fail_mode=secure"])
    let socket = sandbox.managementSocket(bridge: "br0")

    // Pre-encoded: N FLOW_MODs + BARRIER, and OPEN + N ADDs + COMMIT.
    var stream = ByteBuffer()
    for (index, body) in bodies.enumerated() { OFMessage(xid: UInt32(index + 10), body).write(into: &stream) }
    OFMessage(xid: 1, .barrierRequest).write(into: &stream)
    var bundle = ByteBuffer()
    let flags: BundleFlags = [.atomic, .ordered]
    OFMessage(xid: 2, .bundleControl(BundleControl(bundleID: 7, type: .openRequest, flags: flags))).write(into: &bundle)
    for (index, body) in bodies.enumerated() {
        let add = BundleAdd(bundleID: 7, flags: flags, message: OFMessage(xid: UInt32(index + 10), body))
        OFMessage(xid: UInt32(index + 10), .bundleAdd(add)).write(into: &bundle)
    }
    OFMessage(xid: 3, .bundleControl(BundleControl(bundleID: 7, type: .commitRequest, flags: flags)))
        .write(into: &bundle)

    let raw = try RawClient(unixPath: socket)
    let controller = Controller()
    let handle = try await controller.open(.unix(path: socket))

    for run in 1...runs {
        results["raw stream + barrier", default: []].append(
            try await measure("raw stream") {
                try raw.write(stream)
                let errors = try raw.read { $0[1] == 21 }
                if errors > 0 { throw BenchError("raw stream: \(errors) errors") }
            })
        results["raw bundle", default: []].append(
            try await measure("raw bundle") {
                try raw.write(bundle)
                // BUNDLE_CONTROL (33) carrying COMMIT_REPLY (5)
                let errors = try raw.read { $0[1] == 33 && $0[13] == 5 }
                if errors > 0 { throw BenchError("raw bundle: \(errors) errors") }
            })
        results["switchboard send + barrier", default: []].append(
            try await measure("switchboard send") {
                handle.send(contentsOf: bodies)
                try await handle.barrier(timeout: .seconds(120))
            })
        results["switchboard bundle", default: []].append(
            try await measure("switchboard bundle") { try await handle.bundle(bodies) })
        FileHandle.standardError.write(Data("run \(run) done\n".utf8))
    }
    await controller.shutdown()
} catch {
    await sandbox.stop()
    throw error
}
await sandbox.stop()

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func format(_ value: Double, _ digits: Double = 1000) -> String { String((value * digits).rounded() / digits) }

let rawStream = median(results["raw stream + barrier", default: []])
let rawBundle = median(results["raw bundle", default: []])
print("\(count) flows, median of \(runs) runs (seconds; flows/s; ratio to the raw client doing the same)")
for (name, baseline) in [
    ("raw stream + barrier", rawStream), ("switchboard send + barrier", rawStream), ("raw bundle", rawBundle),
    ("switchboard bundle", rawBundle),
] {
    let value = median(results[name, default: []])
    print(
        "\(name): \(format(value)) s, \(Int(Double(count) / value)) flows/s, \(format(value / baseline, 100))x"
            + "  (runs: \(results[name, default: []].map { format($0) }.joined(separator: " ")))")
}
