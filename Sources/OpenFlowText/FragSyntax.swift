/// `nw_frag` words.
enum FragSyntax {
    /// The `nw_frag=` word for a value/mask, as match_format prints it ("" when unmasked).
    static func format(_ value: UInt8, mask: UInt8) -> String {
        switch mask & 3 {
        case 3:
            return value & 1 != 0 ? (value & 2 != 0 ? "later" : "first") : (value & 2 != 0 ? "<error>" : "no")
        case 1: return value & 1 != 0 ? "yes" : "no"
        case 2: return value & 2 != 0 ? "later" : "not_later"
        default: return ""
        }
    }
}
