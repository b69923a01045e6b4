import Foundation

/// The Open vSwitch programs a sandbox needs, found on PATH or in Debian's usual places.
public struct OVSBinaries: Sendable {
    public let ovsdbTool: String
    public let ovsdbServer: String
    public let vswitchd: String
    public let vsctl: String
    public let appctl: String
    public let ofctl: String
    /// The schema `ovsdb-tool create` builds the database from.
    public let schema: String

    static let schemaPath = "/usr/share/openvswitch/vswitch.ovsschema"

    /// Finds every program, or names all the missing ones at once with the command that installs them.
    public static func locate() throws(SandboxError) -> OVSBinaries {
        var missing: [String] = []
        func find(_ name: String) -> String {
            if let path = ExecutableSearch.find(name) { return path }
            missing.append(name)
            return name
        }
        let binaries = OVSBinaries(
            ovsdbTool: find("ovsdb-tool"),
            ovsdbServer: find("ovsdb-server"),
            vswitchd: find("ovs-vswitchd"),
            vsctl: find("ovs-vsctl"),
            appctl: find("ovs-appctl"),
            ofctl: find("ovs-ofctl"),
            schema: schemaPath
        )
        if !FileManager.default.fileExists(atPath: schemaPath) { missing.append(schemaPath) }
        guard missing.isEmpty else { throw .missingBinaries(missing) }
        return binaries
    }
}

/// PATH lookup that also covers the sbin directories a non-root PATH often lacks.
public enum ExecutableSearch {
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs =
            path.split(separator: ":").map(String.init)
            + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        for dir in dirs {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Like `find`, but an error that says what to install.
    public static func require(_ name: String, package: String) throws(SandboxError) -> String {
        guard let path = find(name) else {
            throw .launchFailed(name, "not found; run `make setup` (Debian package \(package))")
        }
        return path
    }
}
