import Foundation

/// Failure injection for tests: the database server dies and comes back with the same database,
/// as after a crash or an upgrade. Clients must reconnect and resynchronise.
extension Sandbox {
    /// Kills ovsdb-server with SIGKILL (no clean shutdown), without restarting it.
    public func killOVSDBServer() {
        guard let pid = ovsdbServer.pid, ovsdbServer.isRunning else { return }
        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(5)
        while DaemonProcess.isAlive(pid), Date() < deadline { usleep(10_000) }
        try? FileManager.default.removeItem(atPath: ovsdbServer.pidFile)
    }

    /// Starts ovsdb-server again on the same database and sockets.
    public func startOVSDBServer() async throws(SandboxError) {
        try? FileManager.default.removeItem(atPath: dbSocket)
        try await launch(binaries.ovsdbServer, ovsdbServerArguments, daemon: ovsdbServer)
    }

    /// Kill, then start again.
    public func restartOVSDBServer() async throws(SandboxError) {
        killOVSDBServer()
        try await startOVSDBServer()
    }
}
