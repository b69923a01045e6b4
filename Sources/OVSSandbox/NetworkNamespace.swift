import Foundation

/// A Linux network namespace, managed with iproute2's `ip netns` (so it is visible to `ip netns
/// exec` from any shell, which is how people inspect a sandbox by hand).
public struct NetworkNamespace: Sendable, Hashable {
    public let name: String

    public init(_ name: String) throws(SandboxError) {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        self.name = name
    }

    /// Interface and namespace names share the kernel's 15-character limit.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 15
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    public var exists: Bool {
        FileManager.default.fileExists(atPath: "/run/netns/\(name)")
    }

    /// Creates the namespace and brings its loopback up.
    public func create() async throws(SandboxError) {
        guard geteuid() == 0 else { throw .needsRoot("creating network namespace \(name)") }
        guard !exists else { throw .namespaceInUse(name) }
        let ip = try Self.ip()
        try await Command(ip, ["netns", "add", name]).check()
        try await Command(ip, ["-n", name, "link", "set", "lo", "up"]).check()
    }

    /// Deletes the namespace; a missing one is not an error.
    public func delete() async {
        guard exists, let ip = try? Self.ip() else { return }
        _ = try? await Command(ip, ["netns", "delete", name]).run()
    }

    /// A command that runs `executable` inside this namespace.
    public func command(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:]
    ) throws(SandboxError) -> Command {
        Command(try Self.ip(), ["netns", "exec", name, executable] + arguments, environment: environment)
    }

    static func ip() throws(SandboxError) -> String {
        try ExecutableSearch.require("ip", package: "iproute2")
    }
}
