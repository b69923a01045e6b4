import Foundation

/// What `start` records in the sandbox directory so that `status`, `env` and `stop` (possibly from
/// another process) know what was started and what to clean up.
public struct SandboxState: Codable, Sendable, Equatable {
    public var datapath: Datapath
    /// The namespace the daemons run in, if the sandbox created one (it deletes it on stop).
    public var namespace: String?
    public var ovsdbTCPPort: Int?
    public var startedAt: Date

    static let fileName = "switchboard-sandbox.json"

    static func load(from directory: String) -> SandboxState? {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(SandboxState.self, from: data)
    }

    func save(to directory: String) throws(SandboxError) {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw .launchFailed("sandbox", "cannot write \(url.path): \(error)")
        }
    }

    static func remove(from directory: String) {
        try? FileManager.default.removeItem(atPath: directory + "/" + fileName)
    }
}
