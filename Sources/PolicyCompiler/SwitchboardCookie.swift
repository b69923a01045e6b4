/// Cookies and group ids that mark OpenFlow state as Switchboard's, so it never touches what
/// another tool installed: the top 16 bits of every cookie are `0x5b0a`; the low 32 bits carry the
/// rule's number (1-based; 0 for the pipeline's own flows), so a refused flow names its rule.
public enum SwitchboardCookie {
    public static let prefix: UInt64 = 0x5B0A_0000_0000_0000
    /// With `prefix`, selects exactly Switchboard's flows in flow-stats and delete requests.
    public static let mask: UInt64 = 0xFFFF_0000_0000_0000

    public static func cookie(rule: Int?) -> UInt64 { prefix | UInt64(rule.map { $0 + 1 } ?? 0) }

    /// The 0-based rule index a cookie names, if it is one of ours and names a rule.
    public static func rule(of cookie: UInt64) -> Int? {
        guard cookie & mask == prefix, cookie & 0xFFFF_FFFF != 0 else { return nil }
        return Int(cookie & 0xFFFF_FFFF) - 1
    }

    public static func isOurs(_ cookie: UInt64) -> Bool { cookie & mask == prefix }
}

/// Group ids Switchboard owns: `0x5b000000` up to `0x5bffffff`.
public enum SwitchboardGroupID {
    public static let first: UInt32 = 0x5B00_0000
    public static let last: UInt32 = 0x5BFF_FFFF

    public static func contains(_ id: UInt32) -> Bool { (first...last).contains(id) }
}
