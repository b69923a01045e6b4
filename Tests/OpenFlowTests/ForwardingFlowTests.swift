import NIOCore
import Testing

@testable import OpenFlow

/// `ForwardingFlow.write` stores a FLOW_MOD's bytes directly: they must be exactly those of the
/// equivalent `FlowMod` through the general encoder, and decode back to it.
@Suite struct ForwardingFlowTests {
    @Test func sameBytesAsTheFlowModValue() throws {
        var g = Gen(seed: 79)
        for _ in 0..<500 {
            let flow = ForwardingFlow(
                tableID: g.u8(), priority: g.u16(), idleTimeout: g.u16(), hardTimeout: g.u16(), cookie: g.u64(),
                inPort: g.bool() ? PortNumber(g.u32()) : nil,
                ethDestination: g.bool() ? g.u64() & 0xFFFF_FFFF_FFFF : nil, output: PortNumber(g.u32()))
            let xid = g.u32()
            var written = ByteBuffer()
            flow.write(xid: xid, into: &written)
            let message = OFMessage(xid: xid, .flowMod(flow.flowMod))
            var general = ByteBuffer()
            message.writeGeneral(into: &general)
            #expect(written == general, "\(flow)")
            #expect(try OFMessage(bytes: written) == message)
        }
    }
}
