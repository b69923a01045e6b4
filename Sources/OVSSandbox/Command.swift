import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs an external program by absolute path with an argument vector: never through a shell, so no
/// argument (a bridge name, a directory) is ever interpreted as shell syntax.
public struct Command: Sendable, CustomStringConvertible {
    public var executable: String
    public var arguments: [String]
    /// Extra variables layered over the current environment.
    public var environment: [String: String]

    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// What a finished program left behind.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var succeeded: Bool { status == 0 }
    }

    /// Dumps of 100,000 flows run to tens of megabytes; anything beyond this is a runaway program.
    static let outputLimit = 256 * 1024 * 1024

    /// Runs the program to completion, capturing both streams; `input` becomes its standard input.
    @discardableResult
    public func run(input: String? = nil) async throws(SandboxError) -> Output {
        do {
            // Input comes from a file, never through swift-subprocess's stdin writer: that writer
            // traps ("FileDescriptor … was not closed") when the program exits without reading
            // all of it, as `nc` does when its connection is refused. A file needs no writer.
            let result =
                if let input {
                    try await withInputFile(input) { descriptor in
                        try await Subprocess.run(
                            .path(FilePath(executable)), arguments: Arguments(arguments),
                            environment: subprocessEnvironment,
                            input: .fileDescriptor(descriptor, closeAfterSpawningProcess: false),
                            output: .string(limit: Self.outputLimit), error: .string(limit: Self.outputLimit))
                    }
                } else {
                    try await Subprocess.run(
                        .path(FilePath(executable)), arguments: Arguments(arguments),
                        environment: subprocessEnvironment, input: .none,
                        output: .string(limit: Self.outputLimit), error: .string(limit: Self.outputLimit))
                }
            return Output(
                status: result.terminationStatus.code, stdout: result.standardOutput,
                stderr: result.standardError)
        } catch {
            throw .launchFailed(executable, "\(error)")
        }
    }

    /// `input` in an unlinked temporary file, opened for reading, for the duration of `body`.
    private func withInputFile<T>(
        _ input: String, _ body: (FileDescriptor) async throws -> T
    ) async throws -> T {
        let path = FilePath(NSTemporaryDirectory() + "switchboard-input-\(UUID().uuidString)")
        let writer = try FileDescriptor.open(
            path, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        _ = try writer.closeAfter { try writer.writeAll(Array(input.utf8)) }
        let reader = try FileDescriptor.open(path, .readOnly)
        unlink(path.string)
        defer { try? reader.close() }
        return try await body(reader)
    }

    /// Runs the program with both streams appended to `logPath`. For daemons that fork
    /// (`--detach`): they must not hold a pipe of ours open, or reading it would wait for them to exit.
    @discardableResult
    public func run(appendingOutputTo logPath: String) async throws(SandboxError) -> Output {
        do {
            let log = try FileDescriptor.open(
                FilePath(logPath), .writeOnly, options: [.create, .append], permissions: [.ownerReadWrite, .groupRead])
            let result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(arguments), environment: subprocessEnvironment,
                input: .none, output: .fileDescriptor(log, closeAfterSpawningProcess: false),
                error: .fileDescriptor(log, closeAfterSpawningProcess: false))
            try? log.close()
            return Output(status: result.terminationStatus.code, stdout: "", stderr: "")
        } catch {
            throw .launchFailed(executable, "\(error)")
        }
    }

    /// Runs the program and fails with its standard error unless it exits 0.
    @discardableResult
    public func check(input: String? = nil) async throws(SandboxError) -> Output {
        let output = try await run(input: input)
        guard output.succeeded else {
            throw .commandFailed(description, status: output.status, stderr: output.stderr)
        }
        return output
    }

    /// The command line, for messages.
    public var description: String {
        ([executable] + arguments).joined(separator: " ")
    }

    private var subprocessEnvironment: Environment {
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in environment { updates[Environment.Key(stringLiteral: key)] = value }
        return .inherit.updating(updates)
    }
}

extension TerminationStatus {
    /// A shell-style status: the exit code, or 128 + the signal number.
    var code: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }
}
