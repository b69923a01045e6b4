import NIOCore
import Testing

@testable import OpenFlow

/// The FLOW_MOD fast path (FlowModFastPath.swift) must write exactly what the general encoder
/// writes, for every flow mod it accepts.
@Suite struct FlowModFastPathTests {
    @Test func sameBytesAsTheGeneralPath() {
        var g = Gen(seed: 77)
        var fast = 0
        for _ in 0..<1000 {
            var m = g.flowMod()
            if g.bool() {
                // Keep only what the fast path takes, so it is exercised often.
                m.instructions = m.instructions.compactMap { i in
                    switch i {
                    case .applyActions(let a): .applyActions(a.filter { $0.fastLength != nil })
                    case .writeActions(let a): .writeActions(a.filter { $0.fastLength != nil })
                    case .experimenter: nil
                    default: i
                    }
                }
            }
            let message = OFMessage(xid: g.u32(), .flowMod(m))
            var general = ByteBuffer()
            message.writeGeneral(into: &general)
            if m.fastMessageLength() != nil { fast += 1 }
            #expect(message.bytes == general, "\(m)")
        }
        #expect(fast > 300)
    }
}
