import OpenFlow
import OpenFlowText

enum JSONPorts {
    static func ports(_ ports: [PortDescription]) -> String {
        JSON.array(
            SwitchFormatter.sortedPorts(ports).map { p in
                JSON.object([
                    ("port", JSON.string(PortSyntax.format(p.portNumber))), ("name", JSON.string(p.name)),
                    ("hw_addr", JSON.string(p.hardwareAddress.description)),
                    ("port_down", p.config.contains(.portDown) ? "true" : "false"),
                    ("link_down", p.state.contains(.linkDown) ? "true" : "false"),
                    ("live", p.state.contains(.live) ? "true" : "false"),
                    ("current_speed_kbps", JSON.number(UInt64(p.ethernet?.currentSpeedKbps ?? 0))),
                ])
            })
    }
}
