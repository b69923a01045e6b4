import NIOCore
import OpenFlow
import Testing

/// `FlowStats.hasInstructionBytes`: true only for a flow decoded from the wire whose
/// instructions are exactly those bytes; anything else falls back to comparing values.
@Suite("Instruction bytes of flow stats")
struct EncodedInstructionsTests {
    static let instructions: [Instruction] = [
        .applyActions([.nicira(.ct(.init(flags: .commit, zone: .immediate(1), recirculateTable: 2))), .output(port: 3)]
        ),
        .gotoTable(4),
    ]

    static func decoded(_ instructions: [Instruction]) throws -> FlowStats {
        let entry = FlowStats(
            tableID: 1, priority: 9, match: Match([OXMField(.ethType, 0x0800)]), instructions: instructions)
        let wire = OFMessage(xid: 7, .multipartReply(MultipartReply(.flow([entry])))).bytes
        guard case .multipartReply(let reply) = try OFMessage(bytes: wire).body, case .flow(let flows) = reply.body,
            let flow = flows.first
        else { throw DecodeFailure() }
        return flow
    }

    struct DecodeFailure: Error {}

    @Test("the same instructions off the wire match their bytes; others do not")
    func wire() throws {
        let flow = try Self.decoded(Self.instructions)
        #expect(flow.hasInstructionBytes(EncodedInstructions(Self.instructions)))
        #expect(!flow.hasInstructionBytes(EncodedInstructions([.gotoTable(4)])))
        #expect(!flow.hasInstructionBytes(EncodedInstructions([])))
        #expect(flow.instructions == Self.instructions)
    }

    @Test("a flow built in memory is never matched by bytes")
    func values() {
        let flow = FlowStats(tableID: 1, priority: 9, match: Match(), instructions: Self.instructions)
        #expect(!flow.hasInstructionBytes(EncodedInstructions(Self.instructions)))
    }
}
