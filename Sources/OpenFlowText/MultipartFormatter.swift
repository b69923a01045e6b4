import OpenFlow

/// Multipart (statistics) requests and replies: the text after `OFPST_X request|reply (OF1.4)
/// (xid=…):` and its flags. Each body type has its own formatter; this file only dispatches.
extension MessageFormatter {
    static let statsNames: [UInt16: String] = [
        0: "DESC", 1: "FLOW", 2: "AGGREGATE", 3: "TABLE", 4: "PORT", 5: "QUEUE", 6: "GROUP", 7: "GROUP_DESC",
        8: "GROUP_FEATURES", 9: "METER", 10: "METER_CONFIG", 11: "METER_FEATURES", 12: "TABLE_FEATURES",
        13: "PORT_DESC", 14: "TABLE_DESC", 15: "QUEUE_DESC", 16: "FLOW_MONITOR", 0xffff: "EXPERIMENTER",
    ]

    /// `OFPST_FLOW request`, `OFPST_PORT reply`…
    static func statsName(_ type: MultipartType, reply: Bool) -> String {
        "OFPST_" + (statsNames[type.rawValue] ?? String(type.rawValue)) + (reply ? " reply" : " request")
    }

    /// ` flags=[more]`, and any other flag bits as OVS reports them.
    static func statsFlags(_ flags: MultipartFlags) -> String {
        guard flags.rawValue != 0 else { return "" }
        var s = " flags="
        if flags.contains(.more) { s += "[more]" }
        let rest = flags.rawValue & ~MultipartFlags.more.rawValue
        if rest != 0 {
            let hex = String(rest, radix: 16)
            s += "[***unknown flags 0x" + String(repeating: "0", count: 4 - hex.count) + hex + "***]"
        }
        return s
    }

    static func request(_ r: MultipartRequest, names: PortNames?) -> String {
        switch r.body {
        case .desc, .table, .groupFeatures, .meterFeatures, .tableDesc, .experimenter: return ""
        case .flow(let f), .aggregate(let f): return request(f, names: names)
        case .groupDesc: return " group_id=ALL"
        case .tableFeatures(let t): return tableFeatures(t)
        case .group(let id): return " group_id=" + GroupStatsFormatter.groupID(id)
        case .portDesc: return " port=ANY"
        case .portStats(let port): return " port_no=" + PortSyntax.format(port, names: names)
        case .queueStats(let port, let queue):
            return PortStatsFormatter.queueRequest(port: port, queueID: queue, names: names)
        case .queueDesc(let port, let queue):
            return " port=" + PortSyntax.format(port, names: names) + (queue != 0xffff_ffff ? " queue=\(queue)" : "")
        case .meter(let id), .meterConfig(let id): return " " + MeterFormatter.meterID(id, separator: "=")
        case .flowMonitor(let f): return FlowMonitorFormatter.request(f, names: names)
        }
    }

    static func reply(_ r: MultipartReply, names: PortNames?) -> String {
        func lines(_ l: [String]) -> String { l.map { "\n" + $0 }.joined() }
        switch r.body {
        case .flow(let flows): return lines(flows.map { " " + FlowFormatter.format($0, names: names) })
        case .tableFeatures(let t): return tableFeatures(t)
        case .group(let stats): return lines(stats.map(GroupStatsFormatter.stats))
        case .groupFeatures(let f): return lines(GroupStatsFormatter.features(f))
        case .aggregate(let a):
            return " packet_count=\(a.packetCount) byte_count=\(a.byteCount) flow_count=\(a.flowCount)"
        case .groupDesc(let groups): return lines(groups.map { " " + GroupSyntax.format($0, names: names) })
        case .portDesc(let ports): return lines(SwitchFormatter.sortedPorts(ports).flatMap(SwitchFormatter.port))
        case .table(let tables): return SwitchFormatter.tables(tables)
        case .desc(let d): return lines(PortStatsFormatter.description(d))
        case .portStats(let stats):
            return " \(stats.count) ports" + lines(stats.flatMap { PortStatsFormatter.port($0, names: names) })
        case .queueStats(let stats):
            return " \(stats.count) queues" + lines(stats.map { PortStatsFormatter.queue($0, names: names) })
        case .queueDesc(let queues): return PortStatsFormatter.queueDescriptions(queues, names: names)
        case .meter(let meters): return meters.map { "\n" + MeterFormatter.stats($0) }.joined()
        case .meterConfig(let meters): return meters.map { "\n" + MeterFormatter.config($0) }.joined()
        case .meterFeatures(let f): return MeterFormatter.features(f)
        case .tableDesc(let tables): return tables.map(TableDescFormatter.format).joined()
        case .flowMonitor(let updates): return updates.map { FlowMonitorFormatter.update($0, names: names) }.joined()
        case .experimenter: return ""
        }
    }

    /// As in `dump-table-features`, each table on its own line after the head.
    static func tableFeatures(_ tables: [TableFeatures]) -> String {
        guard !tables.isEmpty else { return "" }
        var text = "\n" + TableFeaturesFormatter.format(tables)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    static func request(_ f: FlowStatsRequest, names: PortNames?) -> String {
        var s = ""
        if f.tableID != TableID.all { s += " table=\(f.tableID)" }
        if f.outPort != .any { s += " out_port=" + PortSyntax.format(f.outPort, names: names) }
        let match = MatchFormatter.format(FlowMatch(f.match), priority: 0x8000, names: names)
        if !match.isEmpty { s += " " + match }
        return s
    }
}
