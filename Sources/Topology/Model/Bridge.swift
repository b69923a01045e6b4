/// An OVS bridge and everything on it, including the plugins next to it and the policies that
/// steer traffic to them.
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
    /// The bridge's rules in priority order. nil: the file has no `policies:` key and Switchboard
    /// leaves the bridge's flows alone; a list (even empty): Switchboard owns the pipeline.
    public let policies: [PolicyRule]?
    public let location: SourceLocation?

    public enum FailMode: String, Sendable, Hashable, CaseIterable {
        case secure, standalone
    }

    public static let defaultProtocols = ["OpenFlow14"]

    public init(
        name: String, datapathType: String? = nil, failMode: FailMode? = nil, protocols: [String] = defaultProtocols,
        controllers: [String] = [], datapathID: String? = nil, otherConfig: [String: String] = [:],
        externalIDs: [String: String] = [:], ports: [Port] = [], mirrors: [Mirror] = [], plugins: [Plugin] = [],
        policies: [PolicyRule]? = nil, location: SourceLocation? = nil
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

    /// Whether Switchboard installs this bridge's flows (it has a `policies:` section).
    public var managesFlows: Bool { policies != nil }

    /// The fail mode to configure: the file's, else `secure` where Switchboard owns the flows (so
    /// they stay when the controller is away instead of OVS falling back to NORMAL), else OVS's.
    public var effectiveFailMode: FailMode? { failMode ?? (managesFlows ? .secure : nil) }

    /// A copy with other plugins and policies: `switchboard export --from` takes them from a file,
    /// as OVSDB holds neither.
    public func with(plugins: [Plugin], policies: [PolicyRule]?) -> Bridge {
        Bridge(
            name: name, datapathType: datapathType, failMode: failMode, protocols: protocols,
            controllers: controllers, datapathID: datapathID, otherConfig: otherConfig, externalIDs: externalIDs,
            ports: ports, mirrors: mirrors, plugins: plugins, policies: policies, location: location)
    }

    /// A copy with more ports (overlay expansion adds tunnel ports).
    func adding(ports extra: [Port]) -> Bridge {
        Bridge(
            name: name, datapathType: datapathType, failMode: failMode, protocols: protocols,
            controllers: controllers, datapathID: datapathID, otherConfig: otherConfig, externalIDs: externalIDs,
            ports: ports + extra, mirrors: mirrors, plugins: plugins, policies: policies, location: location)
    }
}
