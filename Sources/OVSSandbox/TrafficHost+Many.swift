/// One host to create with `TrafficHost.createAll`: the switch port its veth's other end becomes
/// (a topology file names it), its address, and optionally its MAC.
public struct TrafficHostSpec: Sendable {
    public var port: String
    public var address: String
    public var mac: String?

    public init(port: String, address: String, mac: String? = nil) {
        self.port = port
        self.address = address
        self.mac = mac
    }
}

extension TrafficHost {
    /// Creates a host per spec in `sandbox`, in order, all or none (see the other `createAll`).
    public static func createAll(
        in sandbox: Sandbox, _ specs: [TrafficHostSpec], created: (TrafficHost, TrafficHostSpec) -> Void = { _, _ in }
    ) async throws(SandboxError) -> [TrafficHost] {
        try await createAll(specs.map { (sandbox, $0) }, created: created)
    }

    /// Creates a host per spec, each in its sandbox, in order, all or none: if one cannot be
    /// made, those already made are removed before the error is thrown, so no namespace or veth
    /// is left behind. `created` sees each host as it comes (e.g. to print it).
    public static func createAll(
        _ specs: [(sandbox: Sandbox, spec: TrafficHostSpec)],
        created: (TrafficHost, TrafficHostSpec) -> Void = { _, _ in }
    ) async throws(SandboxError) -> [TrafficHost] {
        var hosts: [TrafficHost] = []
        do {
            for (sandbox, spec) in specs {
                let host = try await create(in: sandbox, address: spec.address, switchPort: spec.port, mac: spec.mac)
                hosts.append(host)
                created(host, spec)
            }
        } catch {
            await removeAll(hosts)
            throw error
        }
        return hosts
    }

    /// Removes every host (their namespaces, and with them the veth pairs).
    public static func removeAll(_ hosts: [TrafficHost]) async {
        for host in hosts { await host.remove() }
    }
}
