import OpenFlow

/// OFPT_PORT_MOD as ovs-ofctl prints it: the port and address, then config, mask and the
/// advertised features (UNCHANGED without an Ethernet property).
enum PortModFormatter {
    static func format(_ m: PortMod, names: PortNames?) -> String {
        func config(_ c: PortConfig) -> String {
            SwitchFormatter.bitNames(c.rawValue) {
                $0 < SwitchFormatter.configNames.count ? SwitchFormatter.configNames[$0] : nil
            }
        }
        var s = " port: \(PortSyntax.format(m.portNumber, names: names)): addr:\(m.hardwareAddress)\n"
        s += "     config: \(config(m.config))\n     mask:   \(config(m.mask))\n     advertise: "
        var advertise: PortFeatures?
        for p in m.properties { if case .ethernet(let a) = p { advertise = a } }
        if let a = advertise, a.rawValue != 0 {
            s += SwitchFormatter.bitNames(a.rawValue) {
                $0 < SwitchFormatter.featureNames.count ? SwitchFormatter.featureNames[$0] : nil
            }
        } else {
            s += "UNCHANGED"
        }
        return s + "\n"
    }
}
