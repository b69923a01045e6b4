import OpenFlow
import OpenFlowText

/// dump-group-stats and dump-group-features.
enum GroupStatsCommands {
    /// `GROUP` as ovs-ofctl takes it (`group_id=N`, `group_id=all`), or a bare number.
    static func parseGroup(_ text: String?) throws(OfctlError) -> UInt32 {
        guard let text, !text.isEmpty else { return GroupID.all }
        let mod = try FlowCommands.syntax { () throws(SyntaxError) in
            try GroupSyntax.parse(text.hasPrefix("group_id") ? text : "group_id=\(text)", command: .delete)
        }
        return mod.groupID
    }

    static func dumpStats(_ s: Session, _ group: UInt32, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let (xid, body) = try await s.multipartWithXID(.group(groupID: group))
        guard case .group(let stats) = body else {
            throw .failed("\(s.target): unexpected reply to a group stats request")
        }
        if o.json {
            out.line(JSON.array(stats.map(json)))
            return
        }
        out.line("OFPST_GROUP reply (OF1.4) (xid=\(SwitchCommands.hex(xid))):")
        for g in stats { out.line(GroupStatsFormatter.stats(g)) }
    }

    static func json(_ g: GroupStats) -> String {
        var pairs = [("group_id", JSON.number(UInt64(g.groupID)))]
        if g.durationSec != .max {
            pairs.append(("duration", JSON.string(FlowFormatter.duration(g.durationSec, g.durationNSec))))
        }
        pairs += [
            ("ref_count", JSON.number(UInt64(g.refCount))), ("packet_count", JSON.number(g.packetCount)),
            ("byte_count", JSON.number(g.byteCount)),
            (
                "buckets",
                JSON.array(
                    g.buckets.map {
                        JSON.object([
                            ("packet_count", JSON.number($0.packetCount)), ("byte_count", JSON.number($0.byteCount)),
                        ])
                    })
            ),
        ]
        return JSON.object(pairs)
    }

    static func dumpFeatures(_ s: Session, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let (xid, body) = try await s.multipartWithXID(.groupFeatures)
        guard case .groupFeatures(let f) = body else {
            throw .failed("\(s.target): unexpected reply to a group features request")
        }
        if o.json {
            out.line(json(f))
            return
        }
        out.line("OFPST_GROUP_FEATURES reply (OF1.4) (xid=\(SwitchCommands.hex(xid))):")
        for l in GroupStatsFormatter.features(f) { out.line(l) }
    }

    /// One object per supported group type, named as in the text output's "TYPE group:" lines.
    static func json(_ f: GroupFeatures) -> String {
        let typeNames = ["all", "select", "indirect", "ff"]
        var groups: [String] = []
        for i in 0..<4 where f.types & (1 << i) != 0 {
            let actions = i < f.actions.count ? f.actions[i] : 0
            let names = GroupStatsFormatter.actionNames(actions)
            groups.append(
                JSON.object([
                    ("type", JSON.string(typeNames[i])),
                    ("max_groups", JSON.number(UInt64(i < f.maxGroups.count ? f.maxGroups[i] : 0))),
                    (
                        "actions",
                        JSON.array(names == "<none>" ? [] : names.split(separator: " ").map { JSON.string(String($0)) })
                    ),
                ]))
        }
        return JSON.object([
            ("types", JSON.number(UInt64(f.types))), ("capabilities", JSON.number(UInt64(f.capabilities.rawValue))),
            ("groups", JSON.array(groups)),
        ])
    }
}
