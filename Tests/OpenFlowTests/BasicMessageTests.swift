import NIOCore
import Testing

@testable import OpenFlow

@Suite struct BasicMessageTests {
    @Test func helloVersionBitmap() throws {
        let m = OFMessage(xid: 7, .hello(Hello(versions: [1, 4, 5, 33])))
        #expect(hex(m.bytes) == "050000180000000700010" + "00c000000320000000200000000")
        let back = try roundTrip(m)
        #expect(back == m)
        guard case .hello(let h) = back.body else { Issue.record("not hello"); return }
        #expect(h.advertisedVersions == [1, 4, 5, 33])
    }

    @Test func errorExperimenter() throws {
        let m = OFMessage(
            xid: 1, .error(.experimenter(expType: 3, experimenter: 0x2320, data: ByteBuffer(bytes: [1, 2]))))
        #expect(try roundTrip(m) == m)
        let s = OFMessage(xid: 1, .error(.standard(.bundleFailed(.messageUnsupported), data: ByteBuffer())))
        #expect(try roundTrip(s) == s)
    }

    @Test func fixedBodies() throws {
        let all: [OFMessage] = [
            OFMessage(
                xid: 2,
                .featuresReply(
                    FeaturesReply(
                        datapathID: 0xDEAD_BEEF, nBuffers: 256, nTables: 254, capabilities: [.flowStats, .portBlocked]))
            ),
            OFMessage(xid: 3, .getConfigReply(SwitchConfig(flags: .fragReasm, missSendLength: 128))),
            OFMessage(xid: 4, .roleReply(RoleMessage(role: .slave, generationID: .max))),
            OFMessage(
                xid: 5,
                .experimenter(ExperimenterMessage(experimenter: 0x2320, expType: 11, data: ByteBuffer(bytes: [9])))),
            OFMessage(xid: 6, .getConfigRequest),
            OFMessage(xid: 7, .barrierReply),
            OFMessage(xid: 8, .echoReply(ByteBuffer())),
        ]
        for m in all { #expect(try roundTrip(m) == m) }
    }

    @Test func shortFixedBodiesAreBadLen() {
        // FEATURES_REPLY with a 4-byte body.
        let b = ByteBuffer(bytes: [5, 6, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(throws: OFDecodeError(.badRequest(.badLen), "truncated field", xid: 1)) { try OFMessage(bytes: b) }
        // BARRIER_REQUEST with a trailing byte.
        let c = ByteBuffer(bytes: [5, 20, 0, 9, 0, 0, 0, 1, 0])
        #expect(throws: OFDecodeError.self) { try OFMessage(bytes: c) }
    }
}
