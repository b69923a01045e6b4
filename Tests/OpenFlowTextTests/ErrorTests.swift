import Testing

@testable import OpenFlowText

@Suite("Syntax errors name the column, the token, what was expected and the nearest name")
struct ErrorTests {
    func error(_ text: String) -> SyntaxError? {
        do {
            _ = try FlowParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("unknown field with a suggestion")
    func unknownField() throws {
        let e = try #require(error("tcp,tcp_dsr=80,actions=drop"))
        #expect(e.column == 5)
        #expect(e.token == "tcp_dsr")
        #expect(e.suggestion == "tcp_dst")
        #expect(e.description == "5: unknown field 'tcp_dsr' (did you mean tcp_dst?)")
    }

    @Test("unknown action with a suggestion")
    func unknownAction() throws {
        let e = try #require(error("ip,actions=outptu:1"))
        #expect(e.column == 12)
        #expect(e.suggestion == "output")
    }

    @Test("a bad value points at the value and says what was expected")
    func badValue() throws {
        let e = try #require(error("ip,nw_src=10.0.0.300,actions=drop"))
        #expect(e.column == 11)
        #expect(e.token == "10.0.0.300")
        #expect(e.expected?.contains("IPv4") == true)
        let mac = try #require(error("dl_src=00:11:22,actions=drop"))
        #expect(mac.expected?.contains("Ethernet") == true)
    }

    @Test("a flow to add needs actions")
    func missingActions() throws {
        let e = try #require(error("priority=5,ip"))
        #expect(e.message == "must specify an action")
    }

    @Test("unbalanced parentheses and unknown ct arguments")
    func parentheses() throws {
        #expect(error("actions=ct(commit") != nil)
        let e = try #require(error("actions=ct(comit)"))
        #expect(e.suggestion == "commit")
    }

    @Test("errors placed in a file carry file and line")
    func fileLine() throws {
        let e = try #require(error("ip,nw_dst=x,actions=drop")).at(file: "flows.txt", line: 12)
        #expect(e.description.hasPrefix("flows.txt:12:11: nw_dst:"))
    }

    @Test("unknown flag words suggest the nearest flag")
    func flags() throws {
        let e = try #require(error("ct_state=+trk+nwe,actions=drop"))
        #expect(e.message.contains("did you mean new?"))
    }
}
