import Foundation

/// A clustered Open_vSwitch database: three `ovsdb-server`s on loopback forming one Raft cluster
/// (`ovsdb-tool create-cluster` / `join-cluster`), each with its own unix socket for clients. No
/// ovs-vswitchd: this is for testing OVSDB clients against leader changes and member failures.
public struct ClusterSandbox: Sendable {
    public struct Member: Sendable, Hashable {
        public let index: Int
        public let directory: String
        public let raftPort: Int

        public var database: String { directory + "/s\(index).db" }
        public var socket: String { directory + "/s\(index).sock" }
        public var dbTarget: String { "unix:" + socket }
        public var control: String { directory + "/s\(index).ctl" }
        public var raftAddress: String { "tcp:127.0.0.1:\(raftPort)" }
        var daemon: DaemonProcess { DaemonProcess(name: "ovsdb-server", pidFile: directory + "/s\(index).pid") }

        public var isRunning: Bool { daemon.isRunning }
    }

    public let directory: String
    public let members: [Member]
    public let binaries: OVSBinaries

    /// `unix:A,unix:B,unix:C`: how ovs-vsctl is pointed at the whole cluster.
    public var dbTargets: String { members.map(\.dbTarget).joined(separator: ",") }

    /// Creates the cluster, starts every member, waits until all have joined, and runs `ovs-vsctl init`.
    public static func start(directory: String, size: Int = 3) async throws(SandboxError) -> ClusterSandbox {
        let binaries = try OVSBinaries.locate()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .launchFailed("cluster", "cannot create \(directory): \(error)")
        }
        var members: [Member] = []
        for index in 1...size {
            members.append(Member(index: index, directory: directory, raftPort: try freeLoopbackPort()))
        }
        let cluster = ClusterSandbox(directory: directory, members: members, binaries: binaries)
        do {
            try await Command(
                binaries.ovsdbTool, ["create-cluster", members[0].database, binaries.schema, members[0].raftAddress]
            ).check()
            try await cluster.launch(members[0])
            for member in members.dropFirst() {
                try await Command(
                    binaries.ovsdbTool,
                    ["join-cluster", member.database, "Open_vSwitch", member.raftAddress, members[0].raftAddress]
                ).check()
                try await cluster.launch(member)
            }
            try await cluster.waitUntilFormed()
            try await Command(binaries.vsctl, ["--db=" + cluster.dbTargets, "--no-wait", "--timeout=20", "init"])
                .check()
        } catch {
            await cluster.stop()
            throw error
        }
        return cluster
    }

    /// Starts (or restarts) one member on its existing database file.
    public func launch(_ member: Member) async throws(SandboxError) {
        try? FileManager.default.removeItem(atPath: member.socket)
        let arguments = [
            member.database, "--remote=punix:" + member.socket, "--pidfile=" + member.daemon.pidFile,
            "--log-file=\(directory)/s\(member.index).log", "--unixctl=" + member.control, "--detach", "--no-chdir",
            "-vconsole:off",
        ]
        let result = try await Command(binaries.ovsdbServer, arguments)
            .run(appendingOutputTo: directory + "/s\(member.index).stderr")
        guard result.succeeded else {
            throw .notResponding("ovsdb-server s\(member.index)", Sandbox.tail(of: directory + "/s\(member.index).log"))
        }
    }

    /// `ovs-appctl cluster/status` of one member.
    public func status(_ member: Member) async throws(SandboxError) -> String {
        try await Command(binaries.appctl, ["--timeout=5", "-t", member.control, "cluster/status", "Open_vSwitch"])
            .check().stdout
    }

    /// The member that currently leads, if any running member says it does.
    public func leader() async -> Member? {
        for member in members where member.isRunning {
            if let status = try? await status(member), status.contains("Role: leader") { return member }
        }
        return nil
    }

    /// Kills one member with SIGKILL (a crash, not a clean leave).
    public func kill(_ member: Member) async {
        guard let pid = member.daemon.pid, member.isRunning else { return }
        _ = Foundation.kill(pid, SIGKILL)
        await DaemonProcess.waitUntilGone(pid, for: .seconds(5), polling: .milliseconds(10))
    }

    /// `ovs-vsctl` against the whole cluster.
    @discardableResult
    public func vsctl(_ arguments: [String]) async throws(SandboxError) -> String {
        try await Command(binaries.vsctl, ["--db=" + dbTargets, "--timeout=20"] + arguments).check().stdout
    }

    /// Stops every member that still runs. The directory and logs stay.
    public func stop() async {
        for member in members { await member.daemon.terminate() }
    }

    private func waitUntilFormed(timeout: Double = 20) async throws(SandboxError) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            if let member = await leader(), let status = try? await status(member) {
                last = status
                let servers = status.split(separator: "\n").filter { $0.contains("127.0.0.1:") && $0.contains("(") }
                if servers.count >= members.count, !status.contains("joining") { return }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        throw .notResponding("ovsdb cluster", last)
    }
}

/// A loopback TCP port that was free a moment ago (the kernel picks it).
func freeLoopbackPort() throws(SandboxError) -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw .launchFailed("cluster", "socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
        }
    }
    guard bound else { throw .launchFailed("cluster", "cannot find a free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
