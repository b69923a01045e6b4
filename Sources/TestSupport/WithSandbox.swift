import Foundation
import OVSSandbox

/// Runs `body` against a fresh sandbox in its own temporary directory and always stops it, also
/// when `body` throws. On success the directory goes too; on failure it stays, with the daemons'
/// logs, and the error says where.
public func withSandbox<T: Sendable>(
    _ options: Sandbox.Options = Sandbox.Options(),
    _ body: (Sandbox) async throws -> T
) async throws -> T {
    let directory = try makeTemporaryDirectory(prefix: "sb")
    let sandbox = try await Sandbox.start(directory: directory, options: options)
    let result: T
    do {
        result = try await body(sandbox)
    } catch {
        await sandbox.stop()
        throw SandboxTestFailure(underlying: "\(error)", directory: directory)
    }
    await sandbox.stop()
    try? FileManager.default.removeItem(atPath: directory)
    return result
}

public struct SandboxTestFailure: Error, CustomStringConvertible {
    public var underlying: String
    public var directory: String
    public var description: String { "\(underlying) (sandbox logs kept in \(directory))" }
}

/// A short, unique directory: unix socket paths inside it must stay under 108 bytes.
public func makeTemporaryDirectory(prefix: String) throws -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    guard let pointer = mkdtemp(&template) else {
        throw SandboxTestFailure(underlying: "mkdtemp failed: errno \(errno)", directory: "/tmp")
    }
    return String(cString: pointer)
}
