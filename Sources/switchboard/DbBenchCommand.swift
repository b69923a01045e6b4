import ArgumentParser
import Foundation
import OVSDB
import OVSDBClient

extension DbCommand {
    /// In-process measurements for scripts/bench-ovsdb.sh (build with -c release: debug numbers
    /// mean nothing). Times only the work a long-running client does, on a live replica.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure bulk and pipelined transactions against a (scratch!) database.", shouldDisplay: false)
        @OptionGroup var connection: Connection
        @Option(help: "Ports to add in one transaction.") var ports = 1000
        @Option(help: "Small transactions to pipeline on one connection.") var transactions = 1000
        @Option(help: "Bridge to create for the run.") var bridge = "bench-br"

        func run() async throws {
            let (portCount, transactionCount, bridge) = (ports, transactions, self.bridge)
            try await connection.withVSwitch { vswitch in
                let clock = ContinuousClock()
                try await vswitch.addBridge(bridge)
                let names = (0..<portCount).map { "\(bridge)-p\($0)" }
                let bulk = try await clock.measure {
                    try await vswitch.addPorts(names, to: bridge)
                }
                // A separate plain connection (no monitor), as a raw JSON-RPC client would pipeline.
                let connection = try await OVSDBConnection.connect(
                    to: try self.connection.target(), tls: self.connection.tls)
                let snapshot = try await vswitch.snapshot
                guard let root = snapshot.openVSwitch?.uuid else { throw fail("no Open_vSwitch row") }
                // The replica would receive (and apply) an update per transaction; keep the
                // measurement to the pipelining connection alone.
                await vswitch.close()
                let pipelined = try await clock.measure {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<transactionCount {
                            group.addTask {
                                _ = try await connection.transact(
                                    "Open_vSwitch",
                                    [
                                        .mutate(
                                            table: "Open_vSwitch", where: [.uuid(root)],
                                            mutations: [Mutation("next_cfg", .add, 1)])
                                    ])
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                await connection.close()
                let rate = Double(transactionCount) / pipelined.seconds
                print("bulk_ports=\(portCount) bulk_seconds=\(String(format: "%.4f", bulk.seconds))")
                print(
                    "pipelined_transactions=\(transactionCount) pipelined_seconds=\(String(format: "%.4f", pipelined.seconds)) rate_per_second=\(Int(rate))"
                )
            }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
