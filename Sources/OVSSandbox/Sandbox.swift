import Foundation

/// A private Open vSwitch: its own `ovsdb-server` and `ovs-vswitchd`, with every socket, pid file,
/// log and database inside one directory. Nothing is shared with the system's OVS or with other
/// sandboxes, so tests run many side by side.
public struct Sandbox: Sendable {
    public struct Options: Sendable {
        public var datapath: Datapath
        /// For `.netdev`: the namespace to create and run the daemons in (default: a fresh name).
        public var namespace: String?
        /// Also serve OVSDB on `ptcp:PORT:127.0.0.1` (in netdev mode, that is the namespace's loopback).
        public var ovsdbTCPPort: Int?

        public init(datapath: Datapath = .dummy, namespace: String? = nil, ovsdbTCPPort: Int? = nil) {
            self.datapath = datapath
            self.namespace = namespace
            self.ovsdbTCPPort = ovsdbTCPPort
        }
    }

    public let directory: String
    public let state: SandboxState
    public let binaries: OVSBinaries

    var ovsdbServer: DaemonProcess { DaemonProcess(name: "ovsdb-server", pidFile: directory + "/ovsdb-server.pid") }
    var vswitchd: DaemonProcess { DaemonProcess(name: "ovs-vswitchd", pidFile: directory + "/ovs-vswitchd.pid") }

    /// `unix:` path of the OVSDB server.
    public var dbSocket: String { directory + "/db.sock" }
    public var dbTarget: String { "unix:" + dbSocket }
    /// The OpenFlow management socket ovs-vswitchd opens for each bridge.
    public func managementSocket(bridge: String) -> String { directory + "/\(bridge).mgmt" }

    /// The variables that point `ovs-vsctl`, `ovs-ofctl` and `ovs-appctl` at this sandbox.
    public var environment: [String: String] {
        ["OVS_RUNDIR": directory, "OVS_LOGDIR": directory, "OVS_DBDIR": directory, "OVS_SYSCONFDIR": directory]
    }

    public var namespace: NetworkNamespace? {
        state.namespace.flatMap { try? NetworkNamespace($0) }
    }

    /// Starts both daemons and returns once each answers on its control socket.
    public static func start(
        directory rawDirectory: String, options: Options = Options()
    ) async throws(SandboxError)
        -> Sandbox
    {
        let binaries = try OVSBinaries.locate()
        let directory = absolutePath(rawDirectory)
        if let existing = try? attach(directory: directory) {
            if existing.isRunning { throw .alreadyRunning(directory) }
            await existing.cleanUp()
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .launchFailed("sandbox", "cannot create \(directory): \(error)")
        }
        removeLeftovers(in: directory)

        var namespaceName: String?
        if options.datapath == .netdev {
            let namespace = try NetworkNamespace(options.namespace ?? "sbx-" + randomSuffix())
            try await namespace.create()
            namespaceName = namespace.name
        }
        let state = SandboxState(
            datapath: options.datapath, namespace: namespaceName, ovsdbTCPPort: options.ovsdbTCPPort,
            startedAt: Date())
        let sandbox = Sandbox(directory: directory, state: state, binaries: binaries)
        do {
            try state.save(to: directory)
            try await sandbox.launchDaemons()
        } catch {
            await sandbox.cleanUp()
            throw error
        }
        return sandbox
    }

    /// The sandbox recorded in `directory`, running or not.
    public static func attach(directory rawDirectory: String) throws(SandboxError) -> Sandbox {
        let directory = absolutePath(rawDirectory)
        guard let state = SandboxState.load(from: directory) else { throw .notFound(directory) }
        return Sandbox(directory: directory, state: state, binaries: try OVSBinaries.locate())
    }

    private func launchDaemons() async throws(SandboxError) {
        try await Command(binaries.ovsdbTool, ["create", directory + "/conf.db", binaries.schema]).check()

        try await launch(binaries.ovsdbServer, ovsdbServerArguments, daemon: ovsdbServer)

        try await Command(binaries.vsctl, ["--db=" + dbTarget, "--no-wait", "--timeout=10", "init"]).check()

        try await launch(binaries.vswitchd, vswitchdArguments, daemon: vswitchd)
    }

    /// How ovs-vswitchd is started (also on a restart, see Sandbox+Restart.swift).
    var vswitchdArguments: [String] {
        var arguments: [String] = []
        if state.datapath == .dummy {
            arguments += ["--enable-dummy", "--disable-system", "--disable-system-route"]
        }
        arguments.append(dbTarget)
        return arguments + daemonArguments(for: "ovs-vswitchd")
    }

    /// How ovsdb-server is started (also on a restart, see Sandbox+Restart.swift).
    var ovsdbServerArguments: [String] {
        var arguments = [
            directory + "/conf.db",
            "--remote=punix:" + dbSocket,
            "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
            // As OVS's own startup does: TLS keys come from the SSL table (`ovs-vsctl set-ssl`), so
            // `pssl:` managers can be tested without restarting the server.
            "--private-key=db:Open_vSwitch,SSL,private_key",
            "--certificate=db:Open_vSwitch,SSL,certificate",
            "--ca-cert=db:Open_vSwitch,SSL,ca_cert",
        ]
        if let port = state.ovsdbTCPPort { arguments.append("--remote=ptcp:\(port):127.0.0.1") }
        return arguments + daemonArguments(for: "ovsdb-server")
    }

    /// Pid file, log and control socket in the sandbox directory, at the paths OVS derives from
    /// OVS_RUNDIR by default, so plain `ovs-appctl -t ovs-vswitchd` works with the exported variables.
    private func daemonArguments(for name: String) -> [String] {
        [
            "--pidfile=\(directory)/\(name).pid", "--log-file=\(directory)/\(name).log",
            "--detach", "--no-chdir", "-vconsole:off",
        ]
    }

    func launch(_ executable: String, _ arguments: [String], daemon: DaemonProcess) async throws(SandboxError) {
        let command: Command
        if let namespace {
            command = try namespace.command(executable, arguments, environment: environment)
        } else {
            command = Command(executable, arguments, environment: environment)
        }
        let log = directory + "/\(daemon.name).log"
        let result = try await command.run(appendingOutputTo: directory + "/\(daemon.name).stderr")
        guard result.succeeded, await waitUntilAnswering(daemon) else {
            throw .notResponding(daemon.name, Self.tail(of: log) + Self.tail(of: directory + "/\(daemon.name).stderr"))
        }
    }

    /// `--detach` returns once the daemon is initialised; a control-socket round trip proves it.
    private func waitUntilAnswering(_ daemon: DaemonProcess, timeout: Double = 15) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if daemon.isRunning, (try? await appctl(target: daemon.name, ["version"])) != nil { return true }
            try? await Task.sleep(for: .milliseconds(50))
        } while Date() < deadline
        return false
    }

    /// Both daemons alive.
    public var isRunning: Bool { ovsdbServer.isRunning && vswitchd.isRunning }

    public struct Status: Sendable, Equatable {
        public var directory: String
        public var datapath: Datapath
        public var namespace: String?
        public var ovsdbServerPID: Int32?
        public var vswitchdPID: Int32?
        public var healthy: Bool { ovsdbServerPID != nil && vswitchdPID != nil }
        public var dead: Bool { ovsdbServerPID == nil && vswitchdPID == nil }
    }

    public func status() -> Status {
        Status(
            directory: directory, datapath: state.datapath, namespace: state.namespace,
            ovsdbServerPID: ovsdbServer.isRunning ? ovsdbServer.pid : nil,
            vswitchdPID: vswitchd.isRunning ? vswitchd.pid : nil)
    }

    public struct StopReport: Sendable, Equatable {
        /// Daemons that were running and have been ended.
        public var stopped: [String]
        /// Daemons that had already died.
        public var alreadyDead: [String]
    }

    /// Ends exactly the processes this sandbox started (by pid file, verified by name), removes its
    /// namespace, and forgets it. The directory and its logs stay for inspection.
    @discardableResult
    public func stop() async -> StopReport {
        var report = StopReport(stopped: [], alreadyDead: [])
        for daemon in [vswitchd, ovsdbServer] {
            if await daemon.terminate() {
                report.stopped.append(daemon.name)
            } else {
                report.alreadyDead.append(daemon.name)
            }
        }
        await cleanUp()
        return report
    }

    /// Removes what a dead or half-started sandbox left: stray daemons, namespace, state file.
    func cleanUp() async {
        await vswitchd.terminate()
        await ovsdbServer.terminate()
        await namespace?.delete()
        SandboxState.remove(from: directory)
    }

    static func removeLeftovers(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names
        where name == "conf.db" || name == ".conf.db.~lock~" || name.hasSuffix(".sock") || name.hasSuffix(".ctl")
            || name.hasSuffix(".mgmt") || name.hasSuffix(".snoop") || name.hasSuffix(".pid")
        {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    static func absolutePath(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    static func randomSuffix() -> String {
        String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    static func tail(of path: String, lines: Int = 15) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
