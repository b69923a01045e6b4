import Foundation

/// Everything that can go wrong while starting, inspecting or stopping a sandbox, worded for the
/// person at the terminal.
public enum SandboxError: Error, Equatable, CustomStringConvertible {
    case missingBinaries([String])
    case launchFailed(String, String)
    case commandFailed(String, status: Int32, stderr: String)
    case alreadyRunning(String)
    case notFound(String)
    case notResponding(String, String)
    case namespaceInUse(String)
    case needsRoot(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .missingBinaries(let names):
            return "Open vSwitch is not installed (missing: \(names.joined(separator: ", "))). "
                + "Run `make setup` (or `apt-get install openvswitch-switch openvswitch-common`)."
        case .launchFailed(let program, let reason):
            return "could not start \(program): \(reason)"
        case .commandFailed(let command, let status, let stderr):
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case .alreadyRunning(let dir):
            return "a sandbox is already running in \(dir) (stop it first: switchboard sandbox stop --dir \(dir))"
        case .notFound(let dir):
            return "no sandbox in \(dir)"
        case .notResponding(let daemon, let log):
            return "\(daemon) did not come up; last log lines:\n\(log)"
        case .namespaceInUse(let name):
            return "network namespace \(name) already exists; choose another --netns name"
        case .needsRoot(let what):
            return "\(what) needs root (network namespaces and veth pairs); run as root or with sudo"
        case .invalidName(let name):
            return "invalid name '\(name)': use letters, digits, '-', '_' (at most 15 characters)"
        }
    }
}
