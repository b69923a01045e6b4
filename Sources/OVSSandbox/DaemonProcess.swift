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

    /// Sends SIGTERM, waits up to `grace` seconds, then SIGKILL. Returns whether it was running.
    @discardableResult
    func terminate(grace: Double = 5) -> Bool {
        guard isRunning, let pid else { return false }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Self.isAlive(pid), Date() < deadline {
            usleep(20_000)
        }
        if Self.isAlive(pid) {
            kill(pid, SIGKILL)
            while Self.isAlive(pid), Date() < deadline.addingTimeInterval(2) { usleep(10_000) }
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        return true
    }
}
