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
                let names = (0..<portCount).map { "bp\($0)" }
                let bulk = try await clock.measure {
                    try await vswitch.addPorts(names, to: bridge)
                }
                guard let connection = await vswitch.replica.connection else { throw fail("not connected") }
                let snapshot = try await vswitch.snapshot
                guard let bridgeUUID = snapshot.bridge(named: bridge)?.uuid else { throw fail("bridge vanished") }
                let pipelined = try await clock.measure {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in 0..<transactionCount {
                            group.addTask {
                                _ = try await connection.transact(
                                    "Open_vSwitch",
                                    [
                                        .mutate(
                                            table: "Bridge", where: [.uuid(bridgeUUID)],
                                            mutations: [
                                                Mutation(
                                                    "external_ids", .insert, .stringMap(["bench-\(index)": "\(index)"]))
                                            ])
                                    ])
                            }
                        }
                        try await group.waitForAll()
                    }
                }
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
