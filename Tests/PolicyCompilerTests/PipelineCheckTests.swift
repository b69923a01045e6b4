import OpenFlow
import Testing

@testable import PolicyCompiler

/// The pipeline check runs on each flow as it is emitted, from the fields its match is built
/// from; it must still name every kind of problem a parsed match would show.
@Suite("Pipeline check")
struct PipelineCheckTests {
    let ours = SwitchboardCookie.cookie(rule: 0)

    @Test("a well-formed flow has no problems")
    func clean() {
        let fields = [OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 0x0A00_0001)]
        let flow = FlowMod(tableID: Pipeline.classify.id, priority: 10, match: Match(fields), cookie: ours)
        #expect(PipelineCheck.problems(of: flow, fields: fields).isEmpty)
    }

    @Test("missing prerequisite, ct_state before conntrack, foreign cookie, unknown table")
    func problems() {
        let noEthType = [OXMField(.ipv4Dst, 0x0A00_0001)]
        let flow = FlowMod(tableID: Pipeline.classify.id, priority: 10, match: Match(noEthType), cookie: ours)
        #expect(PipelineCheck.problems(of: flow, fields: noEthType).contains { $0.contains("needs") })

        let tracked = [OXMField(.ctState, 0x21, mask: 0x21)]
        let early = FlowMod(tableID: Pipeline.classify.id, priority: 10, match: Match(tracked), cookie: ours)
        #expect(PipelineCheck.problems(of: early, fields: tracked) == ["matches ct_state before conntrack"])
        let late = FlowMod(tableID: Pipeline.nat.id, priority: 10, match: Match(tracked), cookie: ours)
        #expect(PipelineCheck.problems(of: late, fields: tracked).isEmpty)

        let foreign = FlowMod(tableID: Pipeline.classify.id, priority: 10, cookie: 0x77)
        #expect(PipelineCheck.problems(of: foreign, fields: []) == ["cookie 0x77 is not ours"])

        let nowhere = FlowMod(tableID: 9, priority: 10, cookie: ours)
        #expect(PipelineCheck.problems(of: nowhere, fields: []) == ["no such table in the pipeline"])
    }
}
