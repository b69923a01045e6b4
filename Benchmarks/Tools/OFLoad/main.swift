import Foundation
import NIOCore
import NIOPosix

// A cbench-style load generator: N fake switches connect to a controller, complete the
// handshake, then flood PACKET_IN and count the PACKET_OUTs (and FLOW_MODs) that come back.
//
//   OFLoad --target 127.0.0.1:6653 --switches 16 --mode throughput|latency|idle
//          [--window 64] [--warmup 2] [--duration 10] [--version 5]
//
// throughput: each switch keeps `--window` packet-ins outstanding; latency: one at a time, so
// the round trip is the controller's service time; idle: connect, handshake, hold `--duration`
// seconds (for measuring the controller's memory), report how many switches are ready.
// The generator runs on one thread so that the controller keeps the other core.

struct Options {
    var host = "127.0.0.1"
    var port = 6653
    var switches = 1
    var mode = "throughput"
    var window = 64
    var warmup = 2.0
    var duration = 10.0
    var version: UInt8 = 5

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--target":
                let parts = value.split(separator: ":")
                host = String(parts[0])
                port = Int(parts[1]) ?? port
            case "--switches": switches = Int(value) ?? switches
            case "--mode": mode = value
            case "--window": window = Int(value) ?? window
            case "--warmup": warmup = Double(value) ?? warmup
            case "--duration": duration = Double(value) ?? duration
            case "--version": version = UInt8(value) ?? version
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
        if mode == "latency" { window = 1 }
    }
}

/// Unbuffered, so a script reading the output sees each line as it happens.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let loop = group.next()
let stats = LoadStats()

var channels: [any Channel] = []
for index in 0..<options.switches {
    let handler = FakeSwitch(
        datapathID: UInt64(index + 1), version: options.version, window: options.window, stats: stats)
    let channel = try await ClientBootstrap(group: loop)
        .channelOption(.socketOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(handler)
            }
        }
        .connect(host: options.host, port: options.port).get()
    channels.append(channel)
}

let readyDeadline = Date().addingTimeInterval(60)
var ready = 0
while Date() < readyDeadline {
    ready = try await loop.submit { stats.ready }.get()
    if ready == options.switches { break }
    try await Task.sleep(for: .milliseconds(50))
}
emit("connected=\(channels.count) ready=\(ready)")

if options.mode == "idle" {
    emit("holding \(options.duration) s")
    try await Task.sleep(for: .seconds(options.duration))
    let stillOpen = channels.filter(\.isActive).count
    emit("mode=idle switches=\(options.switches) ready=\(ready) open_after_hold=\(stillOpen)")
} else {
    try await loop.submit { for fake in stats.switches { fake.startFlooding() } }.get()
    try await Task.sleep(for: .seconds(options.warmup))
    let start = try await loop.submit {
        stats.reset()
        stats.measuring = true
        return FakeSwitch.now()
    }.get()
    try await Task.sleep(for: .seconds(options.duration))
    let (elapsed, packetIns, packetOuts, flowMods, latencies) = try await loop.submit {
        stats.measuring = false
        return (FakeSwitch.now() - start, stats.packetIns, stats.packetOuts, stats.flowMods, stats.latencies)
    }.get()
    let seconds = Double(elapsed) / 1e9
    let sorted = latencies.sorted()
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
    }
    func rate(_ count: Int) -> Int { Int((Double(count) / seconds).rounded()) }
    func micro(_ value: Double) -> String { String((value * 10).rounded() / 10) }
    emit(
        "mode=\(options.mode) switches=\(options.switches) window=\(options.window)"
            + " responses/s=\(rate(packetOuts)) flow_mods/s=\(rate(flowMods)) packet_ins/s=\(rate(packetIns))"
            + " p50_us=\(micro(percentile(0.5))) p99_us=\(micro(percentile(0.99))) samples=\(sorted.count)")
}
for channel in channels { try? await channel.close() }
try await group.shutdownGracefully()
