import Controller
import Foundation

/// ovs-ofctl's SWITCH argument: a bridge name (its management socket in the OVS run
/// directory), `unix:PATH`, `tcp:HOST[:PORT]`, `ssl:HOST[:PORT]`, or a socket path.
enum Target {
    static func resolve(_ text: String) throws(OfctlError) -> ControllerTarget {
        if text.hasPrefix("unix:") || text.hasPrefix("tcp:") || text.hasPrefix("ssl:") {
            do {
                return try ControllerTarget.connect(text)
            } catch {
                throw .usage("\(error)")
            }
        }
        if text.hasPrefix("ptcp:") || text.hasPrefix("pssl:") || text.hasPrefix("punix:") {
            throw .usage("'\(text)': waiting for a switch to connect (ptcp:/pssl:) is not supported yet")
        }
        if text.contains("/") { return .unix(path: text) }
        let environment = ProcessInfo.processInfo.environment
        let rundir = environment["OVS_RUNDIR"] ?? "/var/run/openvswitch"
        return .unix(path: rundir + "/" + text + ".mgmt")
    }
}
