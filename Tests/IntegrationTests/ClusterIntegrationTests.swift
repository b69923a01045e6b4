import Foundation
import OVSDB
import OVSDBClient
import OVSSandbox
import Reconnection
import TestSupport
import Testing

@Suite("A 3-member clustered database", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct ClusterIntegrationTests {
    @Test("the replica follows the leader; writes go on while the leader is killed")
    func failover() async throws {
        let directory = try makeTemporaryDirectory(prefix: "cl")
        // Runs last: the members are stopped by their pid files, which live in the directory.
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = try await ClusterSandbox.start(directory: directory)
        // Stopping waits for the members to exit, which a `defer` cannot: stopped on every path here.
        do { try await follow(cluster) } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func follow(_ cluster: ClusterSandbox) async throws {
        let firstLeader = try #require(await cluster.leader())
        // Listed with a follower first, so following the leader is really exercised.
        let targets = (cluster.members.filter { $0 != firstLeader } + [firstLeader]).map {
            OVSDBTarget.unix(path: $0.socket)
        }
        let replica = Replica(
            Replica.Configuration(
                targets: targets, backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(500))))
        try await replica.start()
        #expect(await replica.currentTarget == .unix(path: firstLeader.socket))

        let vswitch = VSwitch(replica: replica)
        try await vswitch.addBridge("br0")
        let count = 30
        for index in 0..<count {
            if index == 10 { await cluster.kill(firstLeader) }
            do {
                try await vswitch.addPort("p\(index)", to: "br0")
            } catch {
                // Committed just before the leader died, reply lost: the rebuilt plan saw it.
                guard case .refused(let reason) = error, reason.contains("already exists") else { throw error }
            }
        }
        let expected = (0..<count).map { "p\($0)" }.sorted()
        #expect(try await cluster.vsctl(["list-ports", "br0"]).split(separator: "\n").map(String.init) == expected)
        let snapshot = try await vswitch.snapshot
        let bridge = try #require(snapshot.bridge(named: "br0"))
        #expect(snapshot.ports(of: bridge).map(\.name).filter { $0 != "br0" } == expected)
        let newLeader = try #require(await cluster.leader())
        #expect(newLeader != firstLeader)
        #expect(await replica.currentTarget == .unix(path: newLeader.socket))
        // A clustered server keeps transaction history: the reconnect resumed instead of reloading.
        #expect(await replica.resumedSynchronizations >= 1)
        await replica.stop()
    }
}
