import Testing

@testable import OVSDB

@Suite("JSON reader and writer")
struct JSONTests {
    @Test("integers and reals stay apart both ways")
    func numbers() throws {
        #expect(try JSON.parse("1") == .integer(1))
        #expect(try JSON.parse("-0") == .integer(0))
        #expect(try JSON.parse("1.0") == .real(1))
        #expect(try JSON.parse("1e3") == .real(1000))
        #expect(try JSON.parse("-2.5E-1") == .real(-0.25))
        #expect(try JSON.parse("9223372036854775807") == .integer(Int64.max))
        #expect(try JSON.parse("9223372036854775808") == .real(9_223_372_036_854_775_808))
        #expect(JSON.real(1).serialized() == "1.0")
        #expect(JSON.real(0.25).serialized() == "0.25")
        #expect(JSON.integer(-7).serialized() == "-7")
        #expect(try JSON.parse(JSON.real(1e300).serialized()) == .real(1e300))
    }

    @Test("strings: escapes, surrogate pairs, multi-byte UTF-8, control characters")
    func strings() throws {
        #expect(try JSON.parse(#""a\"b\\c\/d\n\t\r\b\f""#) == .string("a\"b\\c/d\n\t\r\u{08}\u{0C}"))
        #expect(try JSON.parse(#""\u00e9\ud83d\ude00""#) == .string("é😀"))
        #expect(try JSON.parse("\"é😀ü\"") == .string("é😀ü"))
        #expect(JSON.string("a\"\\\n\u{01}é").serialized() == #""a\"\\\n\u0001é""#)
        for text in ["", "plain", "quote\"", "tab\t", "\u{1F}", "日本語", "😀"] {
            #expect(try JSON.parse(JSON.string(text).serialized()) == .string(text))
        }
    }

    @Test("objects and arrays; keys printed sorted")
    func containers() throws {
        let value = try JSON.parse(#" { "b" : [1, 2.5, true, false, null], "a": {"x": "y"} } "#)
        #expect(value == ["b": [1, 2.5, true, false, nil], "a": ["x": "y"]])
        #expect(value.serialized() == #"{"a":{"x":"y"},"b":[1,2.5,true,false,null]}"#)
        #expect(try JSON.parse("[]") == [])
        #expect(try JSON.parse("{}") == .object([:]))
    }

    @Test(
        "malformed input is an error with an offset, never a crash",
        arguments: [
            "", "{", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":}", "\"unterminated", "tru", "nul", "01", "1.", "1e", "-",
            "[1]x", "\"\\q\"", "\"\\u12\"", "\"\\ud800\"", "\"a\u{01}\"", "{1:2}", "[,]", "NaN",
        ])
    func malformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test("invalid UTF-8 inside a string is rejected")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("deep nesting is bounded")
    func depth() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSON.parse(fine)
    }
}
