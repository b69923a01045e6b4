import OVSSandbox
import TestSupport
import Testing
import Topology

/// A plugin record for a test host: its switch port, address and MAC.
func pluginRecord(_ host: TrafficHost, name: String) async throws -> PolicyPlugin {
    let ip = try ExecutableSearch.require("ip", package: "iproute2")
    let link = try await host.run(ip, ["-o", "link", "show", "dev", host.interface]).stdout
    let words = link.split(separator: " ")
    let mac = try #require(words.firstIndex(of: "link/ether").map { MACAddress(words[$0 + 1]) } ?? nil)
    return PolicyPlugin(name: name, port: host.switchPort, address: try #require(IPv4Address(host.ip)), mac: mac)
}
