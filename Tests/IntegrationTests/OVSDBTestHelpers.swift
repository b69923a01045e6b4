import Foundation
import NIOCore
import NIOPosix
import OVSDB
import OVSDBClient
import OVSSandbox
import Reconnection

/// A TCP port nothing listens on right now (the kernel picks it; we release it at once).
func freeTCPPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}

extension Sandbox {
    /// A client connection to this sandbox's database over its unix socket.
    func connect(options: OVSDBConnection.Options = .init()) async throws -> OVSDBConnection {
        try await OVSDBConnection.connect(to: .unix(path: dbSocket), options: options)
    }

    /// A started replica of the whole Open_vSwitch database.
    func replica(tables: [String: MonitorRequest]? = nil) async throws -> Replica {
        let replica = Replica(
            Replica.Configuration(
                target: .unix(path: dbSocket), tables: tables,
                backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(500))))
        try await replica.start()
        return replica
    }

    func lines(_ arguments: [String]) async throws -> [String] {
        try await vsctl(arguments).split(separator: "\n").map(String.init)
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(
    timeout: Duration = .seconds(10), _ condition: @Sendable () async throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
