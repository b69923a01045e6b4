import OpenFlow

/// GET_ASYNC_REPLY and SET_ASYNC bodies as ovs-ofctl prints them: for the primary and the
/// secondary role, each asynchronous message with the reasons it is sent for.
enum AsyncConfigFormatter {
    /// Message kinds in OVS's order, each with its reason names by bit. An empty name is a
    /// reason OVS keeps to itself (the explicit and implicit table miss) and does not print.
    static let kinds: [(label: String, reasons: [String])] = [
        ("PACKET_IN", ["no_match", "action", "invalid_ttl", "action_set", "group", "packet_out", "", ""]),
        ("PORT_STATUS", ["add", "delete", "modify"]),
        ("FLOW_REMOVED", ["idle", "hard", "delete", "group_delete", "meter_delete", "eviction"]),
        ("ROLE_STATUS", ["primary_request", "configuration_changed", "experimenter_data_changed"]),
        ("TABLE_STATUS", ["0", "1", "2", "vacancy_down", "vacancy_up"]),
        ("REQUESTFORWARD", ["group_mod_request", "meter_mod_request"]),
    ]

    /// The reason bits OVS accepts for OpenFlow 1.4, per kind; others are dropped when printing.
    static let allowed: [UInt32] = [0x3f, 0x7, 0x3f, 0x7, 0x18, 0x3]

    static func format(_ c: AsyncConfig) -> String {
        // Property types come in pairs: even for the secondary role, odd for the primary.
        var masks = [[UInt32]](repeating: [UInt32](repeating: 0, count: kinds.count), count: 2)
        for p in c.properties {
            guard case .mask(let kind, let mask) = p, kind.rawValue < 12 else { continue }
            let k = Int(kind.rawValue / 2)
            var m = mask & allowed[k]
            // A table miss is also OVS's explicit miss (bit 6), which prints as nothing.
            if k == 0, m & 1 != 0 { m |= 1 << 6 }
            masks[kind.rawValue % 2 == 1 ? 0 : 1][k] = m
        }
        var s = ""
        for (role, label) in ["primary", "secondary"].enumerated() {
            s += "\n \(label):\n"
            for (k, kind) in kinds.enumerated() {
                s += String(repeating: " ", count: max(0, 16 - kind.label.count)) + kind.label + ":"
                let m = masks[role][k]
                for bit in 0..<32 where m & (1 << bit) != 0 {
                    let name = bit < kind.reasons.count ? kind.reasons[bit] : String(bit)
                    if !name.isEmpty { s += " " + name }
                }
                if m == 0 { s += " (off)" }
                s += "\n"
            }
        }
        return s
    }
}
