import OpenFlow

/// One table's eviction and vacancy settings, as OFPST_TABLE_DESC replies and TABLE_STATUS
/// print them: `\n  table N:\n   eviction=… eviction_flags=…\n   vacancy=…\n`.
enum TableDescFormatter {
    static func format(_ d: TableDescription) -> String {
        var flags: UInt32?
        var levels: (down: UInt8, up: UInt8, now: UInt8) = (0, 0, 0)
        for p in d.properties {
            if case .eviction(let f) = p { flags = f }
            if case .vacancy(let down, let up, let now) = p { levels = (down, up, now) }
        }
        var s = "\n  table \(d.tableID):\n   eviction=" + (d.config.contains(.eviction) ? "on" : "off")
        // Without an eviction property OVS knows no flags and says "(default)".
        let flagNames = [0: "OTHER", 1: "IMPORTANCE", 2: "LIFETIME"]
        s +=
            " eviction_flags="
            + (flags.map { SwitchFormatter.bitNames($0, { flagNames[$0] }, separator: "|") } ?? "(default)")
        let vacancy = d.config.contains(.vacancyEvents)
        s += "\n   vacancy=" + (vacancy ? "on" : "off")
        if vacancy { s += " vacancy_down=\(levels.down)% vacancy_up=\(levels.up)% vacancy=\(levels.now)%" }
        return s + "\n"
    }
}
