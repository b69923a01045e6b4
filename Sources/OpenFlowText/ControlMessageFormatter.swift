import OpenFlow

/// The small control messages of `ofp-print`: hello, switch config, role, bundle control.
extension MessageFormatter {
    static func hello(_ h: Hello) -> String {
        guard let versions = h.advertisedVersions else { return "" }
        return "\n version bitmap: "
            + versions.map { "0x" + ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: ", ")
    }

    static func config(_ c: SwitchConfig) -> String {
        let frags = ["normal", "drop", "reassemble", "nx-match"]
        return " frags=\(frags[Int(c.flags.rawValue & 3)]) miss_send_len=\(c.missSendLength)"
    }

    static func role(_ r: RoleMessage) -> String {
        let names = ["nochange", "equal", "primary", "secondary"]
        let name = Int(r.role.rawValue) < names.count ? names[Int(r.role.rawValue)] : "\(r.role.rawValue)"
        var s = " role=\(name)"
        if r.role != .noChange { s += " generation_id=\(r.generationID)" }
        return s
    }

    static func bundleControl(_ b: BundleControl) -> String {
        let types = [
            "OPEN_REQUEST", "OPEN_REPLY", "CLOSE_REQUEST", "CLOSE_REPLY", "COMMIT_REQUEST", "COMMIT_REPLY",
            "DISCARD_REQUEST", "DISCARD_REPLY",
        ]
        let t = Int(b.type.rawValue) < types.count ? types[Int(b.type.rawValue)] : "\(b.type.rawValue)"
        let flags = SwitchFormatter.bitNames(UInt32(b.flags.rawValue)) { [0: "atomic", 1: "ordered"][$0] }
        return "\n bundle_id=0x\(String(b.bundleID, radix: 16)) type=\(t) flags=\(flags)"
    }
}
