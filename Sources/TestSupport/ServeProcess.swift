import Foundation

/// `switchboard serve` as a user runs it: the built executable, its standard output and error in
/// a file the test reads while it runs, stopped and signalled like a daemon.
///
/// `@unchecked Sendable` is safe because nothing here is mutated after `init`: both stored
/// properties are `let`, the log is only read from disk, and the `Process` is only asked
/// `isRunning`/`terminationStatus`/`processIdentifier` or told `terminate()`, which Foundation
/// synchronizes internally.
public final class ServeProcess: @unchecked Sendable {
    public let process = Process()
    public let log: String

    /// Starts `switchboard serve ARGUMENTS`, writing everything it prints to `log`.
    public init(_ arguments: [String], log: String) throws {
        self.log = log
        FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = TestEnvironment.productsDirectory.appendingPathComponent("switchboard")
        process.arguments = ["serve"] + arguments
        let output = FileHandle(forWritingAtPath: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit { if process.isRunning { process.terminate() } }

    public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Waits until the log has a line containing `text` (beyond the first `after` characters)
    /// and returns that line, or nil after `timeout`.
    public func waitForLine(
        containing text: String, after offset: Int = 0, timeout: Duration = .seconds(15)
    ) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let printed = output
            if printed.count > offset,
                let line = printed.dropFirst(offset).split(separator: "\n").first(where: { $0.contains(text) })
            {
                return String(line)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// SIGTERM, then waits for the exit; returns the exit status (nil if it did not end in time).
    public func stop(timeout: Duration = .seconds(10)) async throws -> Int32? {
        process.terminate()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }
}
