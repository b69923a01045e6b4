/// Which ovs-vswitchd datapath a sandbox runs; both work without the kernel module.
public enum Datapath: String, Sendable, Codable, CaseIterable {
    /// OVS's own test datapath: no kernel devices, any number side by side, packets injected with
    /// `netdev-dummy/receive`.
    case dummy
    /// The userspace datapath over real devices; one per network namespace, so the sandbox runs
    /// its daemons inside a namespace of its own.
    case netdev

    /// The `datapath_type` bridges in this sandbox get, and the interface type for their ports.
    public var bridgeDatapathType: String { rawValue }
}
