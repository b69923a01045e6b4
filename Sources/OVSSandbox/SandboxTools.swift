/// The reference command-line tools, pointed at one sandbox. Tests use them as oracles and the
/// demo uses them to show what Switchboard did.
extension Sandbox {
    /// `ovs-vsctl` against this sandbox's database; returns standard output.
    @discardableResult
    public func vsctl(_ arguments: [String]) async throws(SandboxError) -> String {
        try await Command(binaries.vsctl, ["--db=" + dbTarget, "--timeout=20"] + arguments, environment: environment)
            .check().stdout
    }

    /// `ovs-ofctl -O OpenFlow14` against a bridge of this sandbox.
    @discardableResult
    public func ofctl(_ arguments: [String]) async throws(SandboxError) -> String {
        try await Command(binaries.ofctl, ["-O", "OpenFlow14"] + arguments, environment: environment).check().stdout
    }

    /// `ovs-appctl -t TARGET` where TARGET is a daemon name (found through OVS_RUNDIR) or a socket path.
    @discardableResult
    public func appctl(target: String = "ovs-vswitchd", _ arguments: [String]) async throws(SandboxError) -> String {
        try await Command(binaries.appctl, ["--timeout=10", "-t", target] + arguments, environment: environment).check()
            .stdout
    }

    /// Adds a bridge of this sandbox's datapath type that speaks OpenFlow 1.4, and waits until
    /// ovs-vswitchd has created it (`ovs-vsctl` waits for the switch by default).
    public func addBridge(_ name: String, extra: [String] = []) async throws(SandboxError) {
        var arguments = [
            "add-br", name, "--", "set", "bridge", name,
            "datapath_type=\(state.datapath.bridgeDatapathType)", "protocols=OpenFlow14",
        ]
        if !extra.isEmpty { arguments += ["--"] + extra }
        try await vsctl(arguments)
    }

    /// Adds a port; on the dummy datapath it is a dummy interface unless `type` says otherwise.
    public func addPort(
        _ port: String, to bridge: String, type: String? = nil, ofport: Int? = nil
    ) async throws(SandboxError) {
        var arguments = ["add-port", bridge, port]
        let interfaceType = type ?? (state.datapath == .dummy ? "dummy" : nil)
        var settings: [String] = []
        if let interfaceType { settings.append("type=\(interfaceType)") }
        if let ofport { settings.append("ofport_request=\(ofport)") }
        if !settings.isEmpty { arguments += ["--", "set", "interface", port] + settings }
        try await vsctl(arguments)
    }
}
