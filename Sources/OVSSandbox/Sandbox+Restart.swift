import Foundation

/// Failure injection for tests: a daemon dies and comes back with the same database, as after a
/// crash or an upgrade. Clients must reconnect and resynchronise; switches must reconnect to
/// their controllers.
extension Sandbox {
    /// Kills ovsdb-server with SIGKILL (no clean shutdown), without restarting it.
    public func killOVSDBServer() async {
        await Self.kill(ovsdbServer)
    }

    /// Starts ovsdb-server again on the same database and sockets.
    public func startOVSDBServer() async throws(SandboxError) {
        try? FileManager.default.removeItem(atPath: dbSocket)
        try await launch(binaries.ovsdbServer, ovsdbServerArguments, daemon: ovsdbServer)
    }

    /// Kill, then start again.
    public func restartOVSDBServer() async throws(SandboxError) {
        await killOVSDBServer()
        try await startOVSDBServer()
    }

    /// Kills ovs-vswitchd with SIGKILL: its OpenFlow connections drop without a goodbye, its
    /// bridges' flow tables are gone (the database still describes the bridges).
    public func killVSwitchd() async {
        await Self.kill(vswitchd)
    }

    /// Starts ovs-vswitchd again; it rebuilds the bridges from the database and reconnects to
    /// their controllers.
    public func startVSwitchd() async throws(SandboxError) {
        try await launch(binaries.vswitchd, vswitchdArguments, daemon: vswitchd)
    }

    /// Kill, then start again.
    public func restartVSwitchd() async throws(SandboxError) {
        await killVSwitchd()
        try await startVSwitchd()
    }

    /// SIGKILL, wait until the process is gone, forget its pid file (a stale one would make the
    /// next start look already running).
    private static func kill(_ daemon: DaemonProcess) async {
        guard let pid = daemon.pid, daemon.isRunning else { return }
        Foundation.kill(pid, SIGKILL)
        await DaemonProcess.waitUntilGone(pid, for: .seconds(5), polling: .milliseconds(10))
        try? FileManager.default.removeItem(atPath: daemon.pidFile)
    }
}
