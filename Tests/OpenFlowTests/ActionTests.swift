import NIOCore
import Testing

@testable import OpenFlow

@Suite struct ActionTests {
    static let samples: [Action] = [
        .output(port: 1, maxLength: 0),
        .output(port: .controller, maxLength: 0xFFE5),
        .copyTTLOut, .copyTTLIn, .setMPLSTTL(9), .decMPLSTTL,
        .pushVLAN(ethertype: 0x8100), .popVLAN, .pushMPLS(ethertype: 0x8847), .popMPLS(ethertype: 0x0800),
        .setQueue(7), .group(3), .setNWTTL(64), .decNWTTL,
        .setField(OXMField(.vlanVID, 0x1002)),
        .setField(OXMField(.ipv6Src, 1 << 100 | 5)),
        .setField(OXMField(.reg(3), 0xAABB)),
        .setField(OXMField(.ctLabel, 0x1234_5678_9ABC_DEF0_1122_3344)),
        .setField(OXMField(.onfTCPFlags, 2)),
        .pushPBB(ethertype: 0x88E7), .popPBB,
        .experimenter(experimenter: 0xABCDEF, data: ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8])),
        .nicira(.resubmit(inPort: 0xFFF8)),
        .nicira(.resubmitTable(inPort: 0xFFF8, table: 3)),
        .nicira(.resubmitTableCT(inPort: 0xFFF8, table: 4)),
        .nicira(.setTunnel(0x1234)), .nicira(.setTunnel64(0x1_0000_0001)),
        .nicira(.popQueue), .nicira(.exit), .nicira(.ctClear),
        .nicira(
            .regMove(.init(nBits: 16, srcOffset: 0, dstOffset: 16, src: OXMHeader(.reg(0)), dst: OXMHeader(.reg(1))))),
        .nicira(.regMove(.init(nBits: 32, src: OXMHeader(.nxoxmDPHash), dst: OXMHeader(.reg(1))))),
        .nicira(.regLoad(.init(offset: 4, nBits: 12, dst: OXMHeader(.reg(5)), value: 0xABC))),
        .nicira(.regLoad2(OXMField(.ctMark, 5, mask: 0xFF))),
        .nicira(.note([1, 2, 3, 4, 5, 6])),
        .nicira(.note([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])),
        .nicira(.decTTLControllerIDs([1, 2, 3])),
        .nicira(.outputReg(.init(src: OXMHeader(.reg(2)), offset: 0, nBits: 32, maxLength: 128))),
        .nicira(.outputReg2(.init(src: OXMHeader(.nxoxmDPHash), offset: 0, nBits: 16, maxLength: 0))),
        .nicira(.conjunction(id: 77, clause: 1, clauses: 2)),
        .nicira(
            .ct(
                .init(
                    flags: [.commit, .force], zone: .immediate(5), recirculateTable: 7, alg: 21,
                    actions: [
                        .nicira(
                            .nat(
                                .init(
                                    flags: [.src, .protoRandom], ipv4Min: 0x0A00_0001, ipv4Max: 0x0A00_00FF,
                                    portMin: 100, portMax: 200))),
                        .setField(OXMField(.ctMark, 1)),
                    ]))),
        .nicira(.ct(.init(zone: .field(OXMHeader(.reg(4)), offset: 0, nBits: 16)))),
        .nicira(.nat(.init(flags: .dst, ipv6Min: 1, ipv6Max: 0xFFFF))),
        .nicira(.nat(.init())),
        .nicira(.controller(maxLength: 128, controllerID: 1, reason: 1)),
        .nicira(
            .controller2([
                .maxLength(1024), .controllerID(10), .reason(1), .userdata([1, 2, 3, 4, 5]), .pause, .meterID(7),
                .unknown(type: 99, payload: ByteBuffer(bytes: [9])),
            ])),
        .nicira(.unknown(subtype: 16, body: ByteBuffer(bytes: [0, 1, 2, 3, 4, 5]))),
    ]

    func roundTrip(_ actions: [Action]) throws -> [Action] {
        var b = ByteBuffer()
        Action.writeList(actions, into: &b)
        #expect(b.readableBytes % 8 == 0)
        return try Action.readList(from: &b)
    }

    @Test func allKindsRoundTrip() throws {
        for a in Self.samples {
            #expect(try roundTrip([a]) == [a], "\(a)")
        }
        #expect(try roundTrip(Self.samples) == Self.samples)
    }

    @Test func knownEncodings() {
        func enc(_ a: Action) -> String {
            var b = ByteBuffer()
            a.write(into: &b)
            return hex(b)
        }
        // Byte strings as ovs-ofctl produces them (from the Ryu/OVS corpus).
        #expect(enc(.nicira(.note([4, 5, 6, 7, 0, 0]))) == "ffff0010000023200008040506070000")
        #expect(
            enc(.nicira(.decTTLControllerIDs([1, 2, 3, 4, 5])))
                == "ffff00200000232000150005000000000001000200030004000500000000000000".prefix(64))
        #expect(
            enc(
                .nicira(.nat(.init(flags: .src, ipv4Min: 0x0A01_0C00, ipv4Max: 0x0A01_0DFF, portMin: 1, portMax: 1023)))
            ) == "ffff00200000232000240000000100330a010c000a010dff000103ff00000000")
        #expect(enc(.output(port: 1, maxLength: 0)) == "00000010000000010000000000000000")
        #expect(enc(.setField(OXMField(.vlanVID, 0x102))) == "00190010" + "80000c020102" + "000000000000")
    }

    func code(_ bytes: [UInt8]) -> OFErrorCode? {
        errorCode {
            var b = ByteBuffer(bytes: bytes)
            _ = try Action.readList(from: &b)
        }
    }

    @Test func malformed() {
        #expect(code([0, 0, 0, 16, 0, 0, 0, 1]) == .badAction(.badLen))  // overruns
        #expect(code([0, 0, 0, 8, 0, 0, 0, 1]) == .badAction(.badLen))  // output too short
        #expect(code([0, 11, 0, 4]) == .badAction(.badLen))  // below 8
        #expect(code([0, 11, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0]) == .badAction(.badLen))  // not a multiple of 8
        #expect(code([0, 11, 0]) == .badAction(.badLen))
        #expect(code([0, 99, 0, 8, 0, 0, 0, 0]) == .badAction(.badType))
        #expect(code([0, 2, 0, 8, 0, 0, 0, 0]) == .badAction(.badType))  // OF1.0-only set_vlan_pcp
        // set_field padded to 24 instead of 16.
        #expect(
            code([0, 25, 0, 24, 0x80, 0, 0x0C, 2, 1, 2] + [UInt8](repeating: 0, count: 14)) == .badAction(.badSetLen))
        // set_field whose OXM overruns the action.
        #expect(code([0, 25, 0, 8, 0x80, 0, 0x0C, 8]) == .badAction(.badSetLen))
        // Nicira action of 8 bytes.
        #expect(code([0xFF, 0xFF, 0, 8, 0, 0, 0x23, 0x20]) == .badAction(.badLen))
        // ct whose nested action overruns.
        #expect(
            code([
                0xFF, 0xFF, 0, 32, 0, 0, 0x23, 0x20, 0, 35, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0, 0, 0, 0, 0,
                0, 0, 0, 24, 0, 0, 0, 0,
            ]) == .badAction(.badLen))
        // nat whose range bitmap promises more than the action holds.
        #expect(code([0xFF, 0xFF, 0, 16, 0, 0, 0x23, 0x20, 0, 36, 0, 0, 0, 1, 0, 0x0F]) == .badAction(.badLen))
    }

    @Test func deeplyNestedCtIsRefused() {
        var inner = [Action]()
        for _ in 0..<20 { inner = [.nicira(.ct(.init(actions: inner)))] }
        var b = ByteBuffer()
        Action.writeList(inner, into: &b)
        #expect(errorCode { _ = try Action.readList(from: &b) } == .badAction(.badArgument))
    }

    @Test func instructionsRoundTrip() throws {
        let list: [Instruction] = [
            .gotoTable(3), .writeMetadata(0xFF, mask: 0xFFFF), .writeActions([.output(port: 2)]),
            .applyActions(Self.samples), .clearActions, .meter(9),
            .experimenter(experimenter: 0x2320, data: ByteBuffer(bytes: [0, 0, 0, 1, 0, 0, 0, 0])),
        ]
        var b = ByteBuffer()
        Instruction.writeList(list, into: &b)
        #expect(try Instruction.readList(from: &b) == list)
        var bad = ByteBuffer(bytes: [0, 1, 0, 16, 1, 0, 0, 0])
        #expect(errorCode { _ = try Instruction.readList(from: &bad) } == .badInstruction(.badLen))
        var unknown = ByteBuffer(bytes: [0, 9, 0, 8, 1, 0, 0, 0])
        #expect(errorCode { _ = try Instruction.readList(from: &unknown) } == .badInstruction(.unknownInstruction))
        var badAction = ByteBuffer(bytes: [0, 4, 0, 16, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0])
        #expect(errorCode { _ = try Instruction.readList(from: &badAction) } == .badAction(.badLen))
    }
}
