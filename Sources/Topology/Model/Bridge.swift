/// An OVS bridge and everything on it. `plugins` and `policies` are the per-bridge places the
/// policies issue (#9) builds on: plugins are parsed now; policies are kept raw.
public struct Bridge: Sendable, Hashable {
    public let name: String
    /// `system` (kernel) or `netdev` (userspace); `dummy` in test sandboxes. nil: OVS's default.
    public let datapathType: String?
    public let failMode: FailMode?
    /// OpenFlow versions; the file's default is `[OpenFlow14]`.
    public let protocols: [String]
    public let controllers: [String]
    /// 16 hex digits (`other_config:datapath-id`).
    public let datapathID: String?
    public let otherConfig: [String: String]
    public let externalIDs: [String: String]
    public let ports: [Port]
    public let mirrors: [Mirror]
    public let plugins: [Plugin]
    /// Reserved for issue #9: accepted and kept with locations, not interpreted yet.
    public let policies: PolicySection?
    public let location: SourceLocation?

    public enum FailMode: String, Sendable, Hashable, CaseIterable {
        case secure, standalone
    }

    public static let defaultProtocols = ["OpenFlow14"]

    public init(
        name: String, datapathType: String? = nil, failMode: FailMode? = nil, protocols: [String] = defaultProtocols,
        controllers: [String] = [], datapathID: String? = nil, otherConfig: [String: String] = [:],
        externalIDs: [String: String] = [:], ports: [Port] = [], mirrors: [Mirror] = [], plugins: [Plugin] = [],
        policies: PolicySection? = nil, location: SourceLocation? = nil
    ) {
        self.name = name
        self.datapathType = datapathType
        self.failMode = failMode
        self.protocols = protocols
        self.controllers = controllers
        self.datapathID = datapathID
        self.otherConfig = otherConfig
        self.externalIDs = externalIDs
        self.ports = ports
        self.mirrors = mirrors
        self.plugins = plugins
        self.policies = policies
        self.location = location
    }

    public func port(named name: String) -> Port? { ports.first { $0.name == name } }

    /// A copy with more ports (overlay expansion adds tunnel ports).
    func adding(ports extra: [Port]) -> Bridge {
        Bridge(
            name: name, datapathType: datapathType, failMode: failMode, protocols: protocols,
            controllers: controllers, datapathID: datapathID, otherConfig: otherConfig, externalIDs: externalIDs,
            ports: ports + extra, mirrors: mirrors, plugins: plugins, policies: policies, location: location)
    }
}
