import OpenFlow

/// Meter requests, configurations, statistics and features as ovs-ofctl prints them.
enum MeterFormatter {
    /// `meter=N` (or `meter:N`); the reserved ids by name.
    static func meterID(_ id: UInt32, separator: Character) -> String {
        let name: String
        switch id {
        case ...0xffff_0000: name = String(id)
        case 0xffff_fffd: name = "slowpath"
        case 0xffff_fffe: name = "controller"
        case 0xffff_ffff: name = "all"
        default: name = "unknown"
        }
        return "meter\(separator)\(name)"
    }

    static func flags(_ f: MeterFlags) -> String {
        var s = ""
        if f.contains(.kbps) { s += "kbps " }
        if f.contains(.pktps) { s += "pktps " }
        if f.contains(.burst) { s += "burst " }
        if f.contains(.stats) { s += "stats " }
        let rest = f.rawValue & ~0xf
        if rest != 0 { s += "flags:0x\(String(rest, radix: 16)) " }
        return s
    }

    static func band(_ b: MeterBand, flags: MeterFlags) -> String {
        var s = "\ntype="
        let rate: UInt32
        let burst: UInt32
        switch b {
        case .drop(let r, let bs):
            s += "drop"
            (rate, burst) = (r, bs)
        case .dscpRemark(let r, let bs, _):
            s += "dscp_remark"
            (rate, burst) = (r, bs)
        case .experimenter(let r, let bs, _, _):
            s += "65535"
            (rate, burst) = (r, bs)
        case .unknown(let type, let r, let bs, _):
            s += String(type)
            (rate, burst) = (r, bs)
        }
        s += " rate=\(rate)"
        if flags.contains(.burst) { s += " burst_size=\(burst)" }
        if case .dscpRemark(_, _, let level) = b { s += " prec_level=\(level)" }
        return s
    }

    /// One meter of a configuration reply or meter mod: `meter=N FLAGS bands=` and a line per band.
    static func config(_ c: MeterConfig) -> String {
        meterID(c.meterID, separator: "=") + " " + flags(c.flags) + "bands="
            + c.bands.map { band($0, flags: c.flags) }.joined() + "\n"
    }

    static func stats(_ m: MeterStats) -> String {
        var s = meterID(m.meterID, separator: ":") + " flow_count:\(m.flowCount)"
        s += " packet_in_count:\(m.packetInCount) byte_in_count:\(m.byteInCount)"
        s += " duration:" + FlowFormatter.duration(m.durationSec, m.durationNSec) + " bands:\n"
        for (i, b) in m.bands.enumerated() { s += "\(i): packet_count:\(b.packetCount) byte_count:\(b.byteCount)\n" }
        return s
    }

    static func features(_ f: MeterFeatures) -> String {
        let bandTypes = SwitchFormatter.bitNames(f.bandTypes) { [1: "drop", 2: "dscp_remark"][$0] }
        let capabilities = SwitchFormatter.bitNames(f.capabilities) {
            [0: "kbps", 1: "pktps", 2: "burst", 3: "stats"][$0]
        }
        return "\nmax_meter:\(f.maxMeter) max_bands:\(f.maxBands) max_color:\(f.maxColor)\n"
            + "band_types: \(bandTypes)\ncapabilities: \(capabilities)\n"
    }

    static func mod(_ m: MeterMod) -> String {
        let commands = ["ADD", "MOD", "DEL"]
        let c = Int(m.command.rawValue)
        return " " + (c < commands.count ? commands[c] : "cmd:\(c)") + " "
            + config(MeterConfig(flags: m.flags, meterID: m.meterID, bands: m.bands))
    }
}
