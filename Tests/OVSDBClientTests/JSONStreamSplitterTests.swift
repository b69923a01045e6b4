import OVSDB
import Testing

@testable import OVSDBClient

@Suite("Streaming JSON splitter")
struct JSONStreamSplitterTests {
    /// Messages chosen to trip a naive splitter: braces and brackets inside strings, escaped quotes,
    /// escaped backslashes before a closing quote, multi-byte UTF-8, nested containers, whitespace.
    static let messages: [String] = [
        #"{"id":1,"method":"echo","params":[]}"#,
        #"{"s":"a } b { c ] [","t":"quote \" inside","u":"backslash \\","v":"\\\"}"}"#,
        #"{"utf8":"é 日本 😀","nested":{"a":[1,[2,{"b":[]}]]}}"#,
        #"[1,2,{"x":"]"}]"#,
        #"{"empty":{},"list":[],"esc":"\u00e9\n"}"#,
    ]

    static var stream: [UInt8] {
        Array((messages.joined(separator: "\n ") + "\r\n").utf8)
    }

    func split(chunks: [[UInt8]]) throws -> [String] {
        var splitter = JSONStreamSplitter()
        var out: [String] = []
        for chunk in chunks {
            out += try splitter.feed(chunk).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(splitter.pendingByteCount == 0)
        return out
    }

    @Test("the whole stream at once")
    func whole() throws {
        #expect(try split(chunks: [Self.stream]) == Self.messages)
    }

    @Test("split in two at every offset")
    func everyOffset() throws {
        let bytes = Self.stream
        for offset in 0...bytes.count {
            let result = try split(chunks: [Array(bytes[..<offset]), Array(bytes[offset...])])
            #expect(result == Self.messages, "split at \(offset)")
        }
    }

    @Test("one byte at a time (UTF-8 characters split across reads)")
    func byteByByte() throws {
        #expect(try split(chunks: Self.stream.map { [$0] }) == Self.messages)
    }

    @Test("each message parses as JSON after splitting")
    func parses() throws {
        var splitter = JSONStreamSplitter()
        for message in try splitter.feed(Self.stream) { _ = try JSON.parse(message) }
    }

    @Test("a message over the limit is an error, also when it arrives in pieces")
    func tooLarge() throws {
        var splitter = JSONStreamSplitter(maximumMessageSize: 32)
        #expect(try splitter.feed(Array(#"{"a":"short"}"#.utf8)).count == 1)
        _ = try splitter.feed(Array(#"{"a":"0123456789"#.utf8))
        #expect(throws: JSONStreamSplitter.SplitError.messageTooLarge(limit: 32)) {
            _ = try splitter.feed(Array("0123456789012345678\"}".utf8))
        }
    }

    @Test("garbage between messages and mismatched brackets are errors")
    func garbage() {
        var splitter = JSONStreamSplitter()
        #expect(throws: JSONStreamSplitter.SplitError.unexpectedByte(UInt8(ascii: "x"))) {
            _ = try splitter.feed(Array("{}x".utf8))
        }
        var second = JSONStreamSplitter()
        #expect(throws: JSONStreamSplitter.SplitError.mismatchedBracket) { _ = try second.feed(Array("{]".utf8)) }
        var third = JSONStreamSplitter()
        #expect(throws: JSONStreamSplitter.SplitError.unexpectedByte(UInt8(ascii: "}"))) {
            _ = try third.feed(Array("}".utf8))
        }
    }
}

@Suite("JSON-RPC messages and targets")
struct JSONRPCTests {
    @Test("requests, notifications and responses read and write")
    func messages() throws {
        let request = try JSONRPCMessage(json: JSON.parse(#"{"id":7,"method":"echo","params":[1]}"#))
        #expect(request == .request(id: 7, method: "echo", params: [1]))
        let notification = try JSONRPCMessage(json: JSON.parse(#"{"id":null,"method":"update2","params":[]}"#))
        #expect(notification == .notification(method: "update2", params: []))
        let response = try JSONRPCMessage(json: JSON.parse(#"{"id":7,"result":[],"error":null}"#))
        #expect(response == .response(id: 7, result: [], error: nil))
        #expect(try JSONRPCMessage(json: response.json) == response)
        #expect(throws: OVSDBClientError.self) { try JSONRPCMessage(json: JSON.parse(#"{"id":1}"#)) }
        #expect(throws: OVSDBClientError.self) { try JSONRPCMessage(json: JSON.parse(#"{"method":1,"params":[]}"#)) }
        #expect(throws: OVSDBClientError.self) { try JSONRPCMessage(json: JSON.parse("[]")) }
    }

    @Test("OVS target syntax")
    func targets() throws {
        #expect(try OVSDBTarget(parsing: "unix:/run/db.sock") == .unix(path: "/run/db.sock"))
        #expect(try OVSDBTarget(parsing: "tcp:127.0.0.1:6640") == .tcp(host: "127.0.0.1", port: 6640))
        #expect(try OVSDBTarget(parsing: "ssl:[::1]:6640") == .ssl(host: "::1", port: 6640))
        #expect(try OVSDBTarget(parsing: "ptcp:6640") == .ptcp(port: 6640, host: "0.0.0.0"))
        #expect(try OVSDBTarget(parsing: "ptcp:6640:127.0.0.1") == .ptcp(port: 6640, host: "127.0.0.1"))
        #expect(try OVSDBTarget(parsing: "punix:/tmp/x") == .punix(path: "/tmp/x"))
        #expect(OVSDBTarget.ssl(host: "::1", port: 1).description == "ssl:[::1]:1")
        for bad in ["", "unix:", "tcp:host", "tcp:host:0", "tcp::1", "udp:1:2", "ptcp:x", "tcp:h:99999"] {
            #expect(throws: OVSDBClientError.invalidTarget(bad)) { try OVSDBTarget(parsing: bad) }
        }
    }
}
