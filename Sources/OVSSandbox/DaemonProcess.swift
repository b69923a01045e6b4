import Foundation

/// One daemon a sandbox started, known by its pid file. The pid alone is not trusted: before
/// signalling, the process's command line must still name the same program, so a recycled pid
/// never gets killed.
struct DaemonProcess: Sendable {
    let name: String
    let pidFile: String

    var pid: Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { return nil }
        return pid
    }

    /// Alive and still the program we started.
    var isRunning: Bool {
        guard let pid else { return false }
        return Self.isAlive(pid) && Self.commandName(of: pid) == name
    }

    /// A zombie counts as dead: detached daemons are reparented to whatever reaps orphans, and in
    /// a container that may be nobody.
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// `/proc/PID/comm` is at most 15 characters: "ovs-vswitchd" and "ovsdb-server" fit.
    static func commandName(of pid: Int32) -> String? {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return nil }
        return comm.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends SIGTERM, waits up to `grace`, then SIGKILL. Returns whether it was running.
    @discardableResult
    func terminate(grace: Duration = .seconds(5)) async -> Bool {
        guard isRunning, let pid else { return false }
        kill(pid, SIGTERM)
        await Self.waitUntilGone(pid, for: grace, polling: .milliseconds(20))
        if Self.isAlive(pid) {
            kill(pid, SIGKILL)
            await Self.waitUntilGone(pid, for: .seconds(2), polling: .milliseconds(10))
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        return true
    }

    /// Polls until `pid` is gone or `limit` has passed. It sleeps rather than blocks: the callers
    /// are tests and commands on Swift's cooperative threads, as few as there are cores, and a
    /// blocked one holds up every other task while a daemon shuts down. A cancelled task stops
    /// waiting (the caller then kills, or goes on as after the limit).
    static func waitUntilGone(_ pid: Int32, for limit: Duration, polling interval: Duration) async {
        let deadline = ContinuousClock.now + limit
        while isAlive(pid), ContinuousClock.now < deadline {
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
