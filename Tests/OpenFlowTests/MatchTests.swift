import NIOCore
import Testing

@testable import OpenFlow

@Suite struct MatchTests {
    func roundTrip(_ m: Match) throws -> Match {
        var b = ByteBuffer()
        m.write(into: &b)
        #expect(b.readableBytes == m.wireLength)
        #expect(b.readableBytes % 8 == 0)
        let back = try Match.read(from: &b)
        #expect(b.readableBytes == 0)
        return back
    }

    @Test func exactBytes() {
        var b = ByteBuffer()
        Match([OXMField(.inPort, 1), OXMField(.ethType, 0x0800)]).write(into: &b)
        #expect(hex(b) == "00010012" + "8000000400000001" + "80000a020800" + "000000000000")
    }

    @Test func everyTableFieldRoundTrips() throws {
        var rng = SeededRandom(seed: 1)
        for d in OXMFieldTable.all {
            let v = UInt128(rng.next()) << 64 | UInt128(rng.next())
            let exact = OXMField(d.id, v)
            #expect(exact.value.width == d.width)
            #expect(try roundTrip(Match([exact])) == Match([exact]), "\(d.name)")
            if d.maskable {
                let masked = OXMField(d.id, v, mask: UInt128(rng.next()))
                #expect(try roundTrip(Match([masked])) == Match([masked]), "\(d.name) masked")
            }
        }
    }

    @Test func tableIsConsistent() {
        var seen = Set<OXMFieldID>()
        var names = Set<String>()
        for d in OXMFieldTable.all {
            #expect(seen.insert(d.id).inserted, "duplicate id for \(d.name)")
            #expect(names.insert(d.name).inserted, "duplicate name \(d.name)")
            #expect(OXMFieldTable.lookup(d.id) == d)
            #expect((1...16).contains(d.width))
            for p in d.prerequisites { #expect(OXMFieldTable.lookup(p.field) != nil) }
        }
        #expect(OXMFieldTable.lookup(name: "tcp_dst")?.id == .tcpDst)
        #expect(OXMFieldTable.lookup(name: "reg15")?.id == .reg(15))
        #expect(OXMFieldTable.lookup(name: "xreg7")?.width == 8)
    }

    @Test func unknownFieldsKeepTheirBytes() throws {
        let geneve = OXMField(
            id: .tunMetadata(3), value: OXMValue(bytes: Array(0..<20)),
            mask: OXMValue(bytes: [UInt8](repeating: 0xF0, count: 20)))
        let odd = OXMField(id: OXMFieldID(OXMClass(rawValue: 0x1234), 5), value: OXMValue(bytes: [1, 2, 3]))
        let exp = OXMField(id: OXMFieldID(.experimenter, 9, experimenter: 0xABCD), value: OXMValue(bytes: [7, 7]))
        let m = Match([geneve, odd, exp])
        #expect(try roundTrip(m) == m)
    }

    @Test func prerequisites() throws {
        try Match([OXMField(.ethType, 0x0800), OXMField(.ipProto, 6), OXMField(.tcpDst, 80)]).validate()
        try Match([OXMField(.nxmEthType, 0x86DD), OXMField(.nxmIPProto, 6), OXMField(.tcpDst, 80)]).validate()
        try Match([OXMField(.vlanVID, 0x1005), OXMField(.vlanPCP, 3)]).validate()
        try Match([OXMField(.ctState, 0x21, mask: 0x21), OXMField(.ctNWProto, 6)]).validate()
        #expect(
            errorCode { try Match([OXMField(.ethType, 0x0800), OXMField(.tcpDst, 80)]).validate() }
                == .badMatch(.badPrereq))
        #expect(throws: OFDecodeError.self) {
            try Match([OXMField(.ethType, 0x0800), OXMField(.ipProto, 17), OXMField(.tcpDst, 80)]).validate()
        }
        #expect(throws: OFDecodeError.self) {
            try Match([OXMField(.vlanVID, 0x0005), OXMField(.vlanPCP, 3)]).validate()
        }
        #expect(
            errorCode { try Match([OXMField(.inPort, 1), OXMField(.inPort, 2)]).validate() }
                == .badMatch(.duplicateField))
        #expect(errorCode { try Match([OXMField(.inPort, 1, mask: 1)]).validate() } == .badMatch(.badMask))
    }

    func decodeError(_ bytes: [UInt8]) -> OFErrorCode? {
        var b = ByteBuffer(bytes: bytes)
        do {
            _ = try Match.read(from: &b)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func malformed() {
        // OXM payload overruns the match.
        #expect(decodeError([0, 1, 0, 10, 0x80, 0, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0]) == .badMatch(.badLen))
        // in_port with a 2-byte payload.
        #expect(decodeError([0, 1, 0, 10, 0x80, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0]) == .badMatch(.badLen))
        // Missing padding.
        #expect(decodeError([0, 1, 0, 12, 0x80, 0, 0, 4, 0, 0, 0, 1]) == .badMatch(.badLen))
        // Length below 4, and a standard (non-OXM) match type.
        #expect(decodeError([0, 1, 0, 2, 0, 0, 0, 0]) == .badMatch(.badLen))
        #expect(decodeError([0, 0, 0, 4, 0, 0, 0, 0]) == .badMatch(.badType))
        // Masked field with odd payload.
        #expect(decodeError([0, 1, 0, 9, 0x80, 0, 0x0D, 1, 0, 0, 0, 0]) == .badMatch(.badLen))
        // Experimenter header without its id.
        #expect(decodeError([0, 1, 0, 10, 0xFF, 0xFF, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]) == .badMatch(.badLen))
    }

    @Test("canonical order: the same fields in any order give the same bytes; other fields do not")
    func canonicalOrder() {
        let fields = [
            OXMField(.inPort, 1), OXMField(.ethType, 0x0800), OXMField(.ipProto, 6),
            OXMField(.ipv4Dst, 0x0A00_0000, mask: 0xFF00_0000), OXMField(.tcpDst, 80),
            OXMField(.ctState, 0x21, mask: 0x21),
        ]
        let canonical = Match(fields).canonical
        var rng = SeededRandom(seed: 7)
        for _ in 0..<50 {
            var shuffled = fields
            for i in shuffled.indices.reversed() { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            #expect(Match(shuffled).canonical == canonical)
            #expect(Set(Match(shuffled).canonical.fields) == Set(fields))
        }
        // Class and field first: the NXM ct_state leads, the basic fields follow by number.
        #expect(canonical.fields.map(\.id) == [.ctState, .inPort, .ethType, .ipProto, .ipv4Dst, .tcpDst])
        var other = fields
        other[4] = OXMField(.tcpDst, 81)
        #expect(Match(other).canonical != canonical)
        #expect(Match().canonical == Match())
    }

    @Test("validating fields finds what validating the built match finds")
    func validateFields() {
        let cases: [[OXMField]] = [
            [OXMField(.ethType, 0x0800), OXMField(.ipv4Dst, 1)],
            [OXMField(.ipv4Dst, 1)],
            [OXMField(.ethType, 0x0806), OXMField(.tcpDst, 80)],
            [OXMField(.inPort, 1), OXMField(.inPort, 2)],
            [OXMField(.ethType, 0x0800, mask: 0xFF00)],
        ]
        func problem(_ check: () throws -> Void) -> String? {
            do {
                try check()
                return nil
            } catch {
                return "\(error)"
            }
        }
        for fields in cases {
            #expect(problem { try Match(fields).validate() } == problem { try Match.validate(fields) })
        }
        #expect(cases.compactMap { fields in problem { try Match.validate(fields) } }.count == 4)
        #expect(throws: OFDecodeError.self) { try Match.validate([OXMField(.ipv4Dst, 1)]) }
    }
}
