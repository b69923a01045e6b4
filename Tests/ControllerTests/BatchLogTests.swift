import NIOCore
import OpenFlow
import Testing

@testable import Controller

@Suite("Batch log: errors mapped back to message indexes by xid range")
struct BatchLogTests {
    let refusal = ErrorMessage.standard(.badRequest(.badType), data: ByteBuffer())

    @Test("consecutive xids form one run; a gap (another message sent between batches) starts another")
    func runs() {
        var log = BatchLog()
        for xid in UInt32(10)..<15 { log.record(xid: xid, type: .flowMod) }
        for xid in UInt32(20)..<22 { log.record(xid: xid, type: .groupMod) }
        #expect(log.runs.count == 2)
        #expect(log.index(of: 10) == 0)
        #expect(log.index(of: 14) == 4)
        #expect(log.index(of: 15) == nil)
        #expect(log.index(of: 21) == 6)
        #expect(log.index(of: 9) == nil)
    }

    @Test("xids that wrap past 2^32 - 1 (0 is skipped) still map back")
    func wrap() {
        var log = BatchLog()
        log.record(xid: .max - 1, type: .flowMod)
        log.record(xid: .max, type: .flowMod)
        log.record(xid: 1, type: .flowMod)
        #expect(log.index(of: .max) == 1)
        #expect(log.index(of: 1) == 2)
        #expect(log.index(of: 0) == nil)
    }

    @Test("a refusal is kept with its index and type; the first by position is reported")
    func refusals() {
        var log = BatchLog()
        for xid in UInt32(100)..<110 { log.record(xid: xid, type: xid == 107 ? .groupMod : .flowMod) }
        let taken = [log.take(refusal, xid: 107), log.take(refusal, xid: 103), log.take(refusal, xid: 99)]
        #expect(taken == [true, true, false])
        #expect(log.rejected.count == 2)
        #expect(log.firstRejected?.index == 3)
        #expect(log.rejected.first?.type == .groupMod)
    }
}
