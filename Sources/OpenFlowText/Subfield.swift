import OpenFlow
import TextSuggestions

/// A bit range of a field, `NXM_NX_REG0[0..15]`, `reg1[]`, `reg2[5]`, as `load:`, `move:`,
/// `output:` and `ct(zone=...)` use it.
struct Subfield: Hashable, Sendable {
    var field: TextField
    var offset: Int
    var nBits: Int

    /// The header NX actions carry for this field (NXM when the field has one).
    var header: OXMHeader { OXMHeader(field.registerHeader) }

    static func parse(_ text: String, column: Int) throws(SyntaxError) -> Subfield {
        var name = Substring(text)
        var range: Substring?
        if let open = text.firstIndex(of: "[") {
            guard text.hasSuffix("]") else {
                throw SyntaxError("missing ']'", column: column, token: text, expected: "FIELD[START..END]")
            }
            name = text[..<open]
            range = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        guard let field = FieldTable.named(String(name)) else {
            throw SyntaxError(
                "unknown field '\(name)'", column: column, token: String(name),
                suggestion: DidYouMean.suggestion(for: String(name), among: FieldTable.names))
        }
        guard let range, !range.isEmpty else { return Subfield(field: field, offset: 0, nBits: field.bits) }
        let bounds = range.pieces(separatedBy: "..")
        guard bounds.count <= 2, let start = Int(bounds[0]), let last = bounds.last, let end = Int(last), start <= end,
            end < field.bits
        else {
            throw SyntaxError(
                "bad bit range '[\(range)]' for \(field.name) (\(field.bits) bits)", column: column, token: text,
                expected: "[START..END] within 0..\(field.bits - 1)")
        }
        return Subfield(field: field, offset: start, nBits: end - start + 1)
    }

    /// From an NX action's header and bit range; nil for a field the table does not name.
    init?(header: OXMHeader, offset: Int, nBits: Int) {
        guard let field = FieldTable.field(for: header.id) else { return nil }
        self.init(field: field, offset: offset, nBits: nBits)
    }

    init(field: TextField, offset: Int, nBits: Int) {
        self.field = field
        self.offset = offset
        self.nBits = nBits
    }

    /// `NAME[]`, `NAME[n]` or `NAME[a..b]`, as mf_format_subfield prints it.
    var description: String {
        let name = field.registerName
        if offset == 0 && nBits == field.bits { return name + "[]" }
        if nBits == 1 { return name + "[\(offset)]" }
        return name + "[\(offset)..\(offset + nBits - 1)]"
    }
}
