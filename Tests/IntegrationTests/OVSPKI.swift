import Foundation
import OVSSandbox

/// A PKI made by `ovs-pki`, the tool OVS users make their certificates with: a controller CA that
/// signs controller certificates and a switch CA that signs switch certificates. A switch trusts
/// the controller CA and a controller trusts the switch CA, so each side checks the other.
struct OVSPKI {
    let directory: String
    var controllerCA: String { directory + "/pki/controllerca/cacert.pem" }
    var switchCA: String { directory + "/pki/switchca/cacert.pem" }
    func privateKey(_ name: String) -> String { directory + "/\(name)-privkey.pem" }
    func certificate(_ name: String) -> String { directory + "/\(name)-cert.pem" }

    enum Kind: String { case controller, `switch` }

    /// `init`, then `req+sign` for each name (`-b`: no interactive fingerprint check; `-u`: the
    /// certificate subject is the name as given, since ovs-pki would otherwise append an id and a
    /// date, and with a long temporary path that passes the 64 characters a CN may have).
    static func make(in directory: String, _ names: [(String, Kind)]) async throws -> OVSPKI {
        let tool = try ExecutableSearch.require("ovs-pki", package: "openvswitch-common")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let common = ["--dir=\(directory)/pki", "--log=\(directory)/ovs-pki.log"]
        try await Command(tool, common + ["init"]).check()
        for (name, kind) in names {
            try await Command(tool, common + ["-b", "-u", "req+sign", directory + "/" + name, kind.rawValue]).check()
        }
        return OVSPKI(directory: directory)
    }
}
