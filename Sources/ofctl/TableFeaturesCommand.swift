import OpenFlow
import OpenFlowText

/// dump-table-features: ovs-ofctl prints no header line, only the tables.
enum TableFeaturesCommand {
    static func run(_ s: Session, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        guard case .tableFeatures(let tables) = try await s.multipart(.tableFeatures([])) else {
            throw .failed("\(s.target): unexpected reply to a table features request")
        }
        if o.json {
            out.line(JSON.array(tables.map(json)))
            return
        }
        out.line(TableFeaturesFormatter.format(tables))
    }

    static func json(_ t: TableFeatures) -> String {
        JSON.object([
            ("table", JSON.number(UInt64(t.tableID))), ("name", JSON.string(t.name)),
            ("metadata_match", JSON.string("0x" + String(t.metadataMatch, radix: 16))),
            ("metadata_write", JSON.string("0x" + String(t.metadataWrite, radix: 16))),
            ("max_entries", JSON.number(UInt64(t.maxEntries))),
            ("eviction", t.capabilities.contains(.eviction) ? "true" : "false"),
            ("vacancy_events", t.capabilities.contains(.vacancyEvents) ? "true" : "false"),
        ])
    }
}
