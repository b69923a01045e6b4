import NIOCore
import Testing

@testable import OpenFlow

@Suite struct BundleTests {
    static let flowMod = OFMessage(
        xid: 77,
        .flowMod(
            FlowMod(
                tableID: 1, priority: 10, match: Match([OXMField(.inPort, 3)]),
                instructions: [.applyActions([.output(port: 4)])])))

    @Test func controlAndAddRoundTrip() throws {
        let messages: [OFMessage] = [
            OFMessage(
                xid: 1, .bundleControl(BundleControl(bundleID: 9, type: .openRequest, flags: [.atomic, .ordered]))),
            OFMessage(
                xid: 2,
                .bundleControl(
                    BundleControl(
                        bundleID: 9, type: .commitReply,
                        properties: [
                            .experimenter(
                                ExperimenterProperty(
                                    experimenter: 0x2320, expType: 1, data: ByteBuffer(bytes: [1, 2, 3])))
                        ]))),
            OFMessage(xid: 77, .bundleAdd(BundleAdd(bundleID: 9, flags: .atomic, message: Self.flowMod))),
            // An inner message whose length is not a multiple of 8, followed by properties: padding is derived.
            OFMessage(
                xid: 5,
                .bundleAdd(
                    BundleAdd(
                        bundleID: 9, message: OFMessage(xid: 5, .echoRequest(ByteBuffer(bytes: [1, 2, 3]))),
                        properties: [.unknown(RawProperty(type: 7, payload: ByteBuffer(bytes: [9])))]))),
        ]
        for m in messages { #expect(try roundTrip(m) == m) }
    }

    func add(_ inner: [UInt8]) -> [UInt8] {
        let length = 16 + inner.count
        return [5, 34, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0] + inner
    }

    @Test func nestedBundleIsMessageUnsupported() {
        let innerControl: [UInt8] = [5, 33, 0, 16, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0]
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add(innerControl))) }
                == .bundleFailed(.messageUnsupported))
        let innerAdd = add([5, 20, 0, 8, 0, 0, 0, 1])
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add(innerAdd))) }
                == .bundleFailed(.messageUnsupported))
        // Also when built in memory and encoded.
        let nested = OFMessage(
            xid: 1,
            .bundleAdd(
                BundleAdd(
                    bundleID: 1, message: OFMessage(xid: 1, .bundleAdd(BundleAdd(bundleID: 2, message: Self.flowMod)))))
        )
        #expect(errorCode { _ = try OFMessage(bytes: nested.bytes) } == .bundleFailed(.messageUnsupported))
    }

    @Test func innerLengthProblems() {
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add([5, 20, 0, 16, 0, 0, 0, 1]))) }
                == .bundleFailed(.messageBadLen))
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add([5, 20, 0, 4, 0, 0, 0, 1]))) }
                == .bundleFailed(.messageBadLen))
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add([5, 20, 0]))) } == .bundleFailed(.messageBadLen))
        // Inner message that itself fails to decode (unknown type 22).
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add([5, 22, 0, 8, 0, 0, 0, 1]))) }
                == .bundleFailed(.messageUnsupported))
        // Inner of another version.
        #expect(
            errorCode { _ = try OFMessage(bytes: ByteBuffer(bytes: add([4, 20, 0, 8, 0, 0, 0, 1]))) }
                == .badRequest(.badVersion))
    }

    @Test func remainingMessagesRoundTrip() throws {
        let messages: [OFMessage] = [
            OFMessage(
                xid: 1,
                .portMod(
                    PortMod(
                        portNumber: 3, hardwareAddress: EthernetAddress(0x1122_3344_5566), config: .portDown,
                        mask: [.portDown, .noPacketIn],
                        properties: [
                            .ethernet(advertise: [.rate1GbFD]),
                            .optical(configure: 1, freqLambda: 2, fineTuneOffset: -3, gridSpan: 4, txPower: 5),
                        ]))),
            OFMessage(
                xid: 2,
                .tableMod(
                    TableMod(
                        tableID: 2, config: .vacancyEvents,
                        properties: [.eviction(flags: 1), .vacancy(down: 10, up: 90, vacancy: 0)]))),
            OFMessage(xid: 3, .getAsyncRequest),
            OFMessage(
                xid: 4, .setAsync(AsyncConfig(properties: [.mask(.packetInMaster, 7), .mask(.portStatusSlave, 1)]))),
            OFMessage(
                xid: 5,
                .meterMod(
                    MeterMod(
                        command: .add, flags: [.kbps, .burst], meterID: 1,
                        bands: [
                            .drop(rate: 1000, burstSize: 100), .dscpRemark(rate: 10, burstSize: 1, precedenceLevel: 2),
                        ]))),
            OFMessage(xid: 6, .roleStatus(RoleStatus(role: .slave, reason: .masterRequest, generationID: 42))),
            OFMessage(
                xid: 7,
                .tableStatus(
                    TableStatus(
                        reason: .vacancyDown,
                        table: TableDescription(tableID: 1, properties: [.vacancy(down: 1, up: 2, vacancy: 3)])))),
            OFMessage(xid: 8, .requestForward(OFMessage(xid: 8, .groupMod(GroupMod(type: .all, groupID: 1))))),
        ]
        for m in messages { #expect(try roundTrip(m) == m) }
    }
}
