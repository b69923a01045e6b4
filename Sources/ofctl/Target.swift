import Controller
import Foundation

/// ovs-ofctl's SWITCH argument: a bridge name (its management socket in the OVS run
/// directory), `unix:PATH`, `tcp:HOST[:PORT]`, `ssl:HOST[:PORT]`, or a socket path.
enum Target {
    /// `ptcp:[PORT][:IP]`-style targets, where ofctl listens and waits for one switch to connect
    /// (OVS writes the port first: `ptcp:6653:127.0.0.1`).
    static func passive(_ text: String) throws(OfctlError) -> ControllerTarget? {
        for scheme in ["ptcp:", "pssl:", "punix:"] where text.hasPrefix(scheme) {
            let rest = String(text.dropFirst(scheme.count))
            if scheme == "punix:" { return .unix(path: rest) }
            let parts = rest.split(separator: ":", maxSplits: 1).map(String.init)
            let port = parts.first.flatMap { Int($0) } ?? ControllerTarget.defaultPort
            let host = parts.count > 1 ? parts[1] : "0.0.0.0"
            return scheme == "ptcp:" ? .tcp(host: host, port: port) : .ssl(host: host, port: port)
        }
        return nil
    }

    static func resolve(_ text: String) throws(OfctlError) -> ControllerTarget {
        if text.hasPrefix("unix:") || text.hasPrefix("tcp:") || text.hasPrefix("ssl:") {
            do {
                return try ControllerTarget.connect(text)
            } catch {
                throw .usage("\(error)")
            }
        }
        if text.hasPrefix("ptcp:") || text.hasPrefix("pssl:") || text.hasPrefix("punix:") {
            throw .usage("'\(text)' is a passive target: use Target.passive")
        }
        if text.contains("/") { return .unix(path: text) }
        let environment = ProcessInfo.processInfo.environment
        let rundir = environment["OVS_RUNDIR"] ?? "/var/run/openvswitch"
        return .unix(path: rundir + "/" + text + ".mgmt")
    }
}
