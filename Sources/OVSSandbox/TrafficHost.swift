/// A test host: a network namespace of its own with one veth interface whose other end is a port
/// on a sandbox bridge. Only for `.netdev` sandboxes, whose daemons run in their own namespace.
public struct TrafficHost: Sendable {
    public let namespace: NetworkNamespace
    /// The interface inside the host's namespace.
    public let interface: String
    /// The veth end plugged into the bridge (an OVS port of that name).
    public let switchPort: String
    /// The host's address in CIDR form, e.g. `10.9.0.1/24`.
    public let address: String

    /// The address without its prefix length.
    public var ip: String { String(address.split(separator: "/").first ?? "") }

    /// Creates the host and plugs its switch side into `bridge` as an OVS port.
    public static func attach(
        to sandbox: Sandbox, bridge: String, address: String, ofport: Int? = nil, name: String? = nil
    ) async throws(SandboxError) -> TrafficHost {
        let host = try await create(in: sandbox, address: address, name: name)
        do {
            try await sandbox.addPort(host.switchPort, to: bridge, ofport: ofport)
        } catch {
            await host.remove()
            throw error
        }
        return host
    }

    /// Creates the namespace and veth pair and addresses the host side; the switch side is left
    /// in the sandbox's namespace, named `switchPort` (default: random), for a topology file to
    /// make it a port. `mac` fixes the host's MAC (files declare plugins' MACs). Transmit checksum
    /// offload is turned off on the host side: the userspace datapath forwards frames whose
    /// checksum the kernel never filled in, so TCP would hang otherwise.
    public static func create(
        in sandbox: Sandbox, address: String, switchPort: String? = nil, mac: String? = nil, name: String? = nil
    ) async throws(SandboxError) -> TrafficHost {
        guard let switchNamespace = sandbox.namespace else {
            throw .launchFailed(
                "traffic host", "the sandbox has no network namespace (start it with --datapath netdev)")
        }
        let tag = name ?? Sandbox.randomSuffix()
        let namespace = try NetworkNamespace("h" + tag.prefix(12))
        let host = TrafficHost(
            namespace: namespace, interface: "e" + tag.prefix(12), switchPort: switchPort ?? "o" + tag.prefix(12),
            address: address)
        try await namespace.create()
        do {
            let ip = try NetworkNamespace.ip()
            // Both ends are born in their namespaces: interface names are global in the namespace
            // they appear in, and tests on the same machine (two nodes of one topology, other test
            // runs) use the same port names.
            try await Command(
                ip,
                [
                    "link", "add", host.interface, "netns", namespace.name, "type", "veth", "peer", "name",
                    host.switchPort, "netns", switchNamespace.name,
                ]
            ).check()
            if let mac {
                try await Command(ip, ["-n", namespace.name, "link", "set", "dev", host.interface, "address", mac])
                    .check()
            }
            try await Command(ip, ["-n", namespace.name, "addr", "add", address, "dev", host.interface]).check()
            try await Command(ip, ["-n", namespace.name, "link", "set", host.interface, "up"]).check()
            try await Command(ip, ["-n", switchNamespace.name, "link", "set", host.switchPort, "up"]).check()
            let ethtool = try ExecutableSearch.require("ethtool", package: "ethtool")
            try await host.run(ethtool, ["-K", host.interface, "tx", "off"])
        } catch {
            await host.remove()
            throw error
        }
        return host
    }

    /// Runs a program inside the host's namespace.
    @discardableResult
    public func run(
        _ executable: String, _ arguments: [String], input: String? = nil
    ) async throws(SandboxError)
        -> Command.Output
    {
        try await namespace.command(executable, arguments).check(input: input)
    }

    /// Deleting the namespace deletes the veth pair with it.
    public func remove() async {
        await namespace.delete()
    }
}
