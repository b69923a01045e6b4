import OpenFlow

/// Group statistics and group features as `ovs-ofctl dump-group-stats` and
/// `dump-group-features` print them for OpenFlow 1.4.
public enum GroupStatsFormatter {
    /// One group's line, leading space included, as printed after `OFPST_GROUP reply ...:`.
    public static func stats(_ g: GroupStats) -> String {
        var s = " group_id=\(g.groupID),"
        // OpenFlow 1.1 had no durations; OVS marks them absent with all ones, and so do we.
        if g.durationSec != .max { s += "duration=" + FlowFormatter.duration(g.durationSec, g.durationNSec) + "," }
        s += "ref_count=\(g.refCount),packet_count=\(g.packetCount),byte_count=\(g.byteCount)"
        // A bucket whose counters the switch does not keep reports all ones and is left out.
        for (i, b) in g.buckets.enumerated() where b.packetCount != .max {
            s += ",bucket\(i):packet_count=\(b.packetCount),byte_count=\(b.byteCount)"
        }
        return s
    }

    /// A group id as OVS prints one in requests: a number, or ALL / ANY.
    public static func groupID(_ id: UInt32) -> String {
        id == GroupID.all ? "ALL" : id == GroupID.any ? "ANY" : String(id)
    }

    static let typeNames = ["all", "select", "indirect", "fast failover"]

    /// OpenFlow 1.4 action-type bits with the names OVS gives them, in the order OVS prints
    /// them (its own action order, not the bit order). Bits outside this list are not printed:
    /// OVS drops them when it decodes the reply.
    static let actionBits: [(bit: Int, name: String)] = [
        (0, "output"), (22, "group"), (25, "set_field"), (18, "strip_vlan"), (17, "push_vlan"), (23, "mod_nw_ttl"),
        (24, "dec_ttl"), (15, "set_mpls_ttl"), (16, "dec_mpls_ttl"), (19, "push_mpls"), (20, "pop_mpls"),
        (21, "set_queue"),
    ]

    /// The lines after `OFPST_GROUP_FEATURES reply ...:`, each as ovs-ofctl indents it.
    public static func features(_ f: GroupFeatures) -> [String] {
        var lines = [
            " Group table:", "    Types:  0x" + String(f.types, radix: 16),
            "    Capabilities:  0x" + String(f.capabilities.rawValue, radix: 16),
        ]
        for i in 0..<4 where f.types & (1 << i) != 0 {
            let max = i < f.maxGroups.count ? f.maxGroups[i] : 0
            let actions = i < f.actions.count ? f.actions[i] : 0
            lines.append("    \(typeNames[i]) group:")
            // printf's %#x: "0" for zero, else 0x-prefixed.
            lines.append("       max_groups=" + (max == 0 ? "0" : "0x" + String(max, radix: 16)))
            lines.append("       actions: " + actionNames(actions))
        }
        return lines
    }

    /// The names of the actions in an OpenFlow 1.4 action bitmap, or `<none>`.
    public static func actionNames(_ bitmap: UInt32) -> String {
        let names = actionBits.filter { bitmap & (1 << $0.bit) != 0 }.map(\.name)
        return names.isEmpty ? "<none>" : names.joined(separator: " ")
    }
}
