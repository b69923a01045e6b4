import Testing

@testable import OpenFlowText

/// `pieces(separatedBy:)` splits `load:`/`move:`/`set_field:` arrows, subfield ranges and IPv6
/// halves: every occurrence, left to right, empty pieces kept.
@Suite("splitting at a multi-character separator")
struct PiecesTests {
    @Test(
        "pieces as the old Character-wise split gave them",
        arguments: [
            ("0x1->NXM_NX_REG1[]", "->", ["0x1", "NXM_NX_REG1[]"]),
            ("->", "->", ["", ""]),
            ("a", "->", ["a"]),
            ("", "->", [""]),
            ("0..15", "..", ["0", "15"]),
            ("2001:db8::1", "::", ["2001:db8", "1"]),
            ("a::b::", "::", ["a", "b", ""]),
            (":::", "::", ["", ":"]),
            ("é->ü->", "->", ["é", "ü", ""]),
            ("a-->b", "->", ["a-", "b"]),
        ] as [(String, String, [String])])
    func split(text: String, separator: String, expected: [String]) {
        #expect(text.pieces(separatedBy: separator) == expected)
        #expect(text.dropFirst(0).pieces(separatedBy: separator) == expected)
    }
}
