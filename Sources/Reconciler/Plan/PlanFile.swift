import Foundation

/// A plan saved by `switchboard plan FILE -o PLAN`, applied later by `switchboard apply PLAN`
/// exactly as it was shown, or refused as stale (Terraform's `plan -out` / `apply planfile`).
///
/// It carries the topology file's text as it was read (so apply verifies against the same
/// file, whatever happened to it since), the `--var`/`--endpoint` values, and the plan with
/// what apply sends: each node's guarded OVSDB operations, each bridge's OpenFlow messages and
/// the digest of the owned flows they were computed against.
public struct PlanFile: Sendable, Codable {
    /// Marks the JSON as a plan file, so `apply` tells it from a topology file.
    public static let formatName = "switchboard-plan"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// Where the topology was read from (for messages), and its text.
    public var topologyPath: String
    public var topologyText: String
    public var variables: [String: String]
    public var endpoints: [String: String]
    public var adopt: Bool
    public var plan: Plan

    public init(
        topologyPath: String, topologyText: String, variables: [String: String], endpoints: [String: String],
        adopt: Bool, plan: Plan
    ) {
        format = Self.formatName
        version = Self.currentVersion
        self.topologyPath = topologyPath
        self.topologyText = topologyText
        self.variables = variables
        self.endpoints = endpoints
        self.adopt = adopt
        self.plan = plan
    }

    /// Why bytes are not a plan file this version can apply.
    public enum ReadError: Error, Sendable, CustomStringConvertible {
        case notAPlanFile
        case unsupportedVersion(Int)
        case malformed(String)

        public var description: String {
            switch self {
            case .notAPlanFile: "not a Switchboard plan file"
            case .unsupportedVersion(let version):
                "plan file version \(version) is not supported (this build reads version \(PlanFile.currentVersion))"
            case .malformed(let reason): "malformed plan file: \(reason)"
            }
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.planFile] = true
        return try encoder.encode(self)
    }

    /// Whether `data` looks like a plan file (a JSON object naming the format), cheaply: a
    /// topology file is YAML and never starts with this.
    public static func isPlanFile(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        return head.drop(while: \.isWhitespace).hasPrefix("{") && head.contains("\"format\":\"\(formatName)\"")
    }

    public static func read(_ data: Data) throws(ReadError) -> PlanFile {
        struct Header: Decodable {
            var format: String
            var version: Int
        }
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: data), header.format == formatName else {
            throw .notAPlanFile
        }
        guard header.version == currentVersion else { throw .unsupportedVersion(header.version) }
        do { return try decoder.decode(PlanFile.self, from: data) } catch { throw .malformed("\(error)") }
    }
}
