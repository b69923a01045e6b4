import NIOCore

/// An OpenFlow 1.4 action. Nicira extensions live in `NiciraAction`; any other experimenter
/// action is kept as raw bytes and re-encoded unchanged.
public enum Action: Hashable, Sendable {
    case output(port: PortNumber, maxLength: UInt16 = 0xFFFF)
    case copyTTLOut
    case copyTTLIn
    case setMPLSTTL(UInt8)
    case decMPLSTTL
    case pushVLAN(ethertype: UInt16)
    case popVLAN
    case pushMPLS(ethertype: UInt16)
    case popMPLS(ethertype: UInt16)
    case setQueue(UInt32)
    case group(UInt32)
    case setNWTTL(UInt8)
    case decNWTTL
    case setField(OXMField)
    case pushPBB(ethertype: UInt16)
    case popPBB
    case nicira(NiciraAction)
    /// `data` is everything after the experimenter id, padding included.
    case experimenter(experimenter: UInt32, data: ByteBuffer)

    /// Nested action lists (inside ct) deeper than this are refused rather than recursed into.
    static let maximumNesting = 8

    static func readList(from buffer: inout WireReader, depth: Int = 0) throws(OFDecodeError) -> [Action] {
        var actions = [Action]()
        // Actions are at least 8 bytes; reserving avoids regrowth for typical short lists.
        actions.reserveCapacity(Swift.min(buffer.readableBytes / 8, 32))
        while buffer.readableBytes > 0 {
            actions.append(try read(from: &buffer, depth: depth))
        }
        return actions
    }

    static func writeList(_ actions: [Action], into buffer: inout ByteBuffer) {
        for a in actions { a.write(into: &buffer) }
    }

    static func read(from buffer: inout WireReader, depth: Int) throws(OFDecodeError) -> Action {
        guard let type = buffer.peekU16(at: 0), let len16 = buffer.peekU16(at: 2)
        else { throw OFDecodeError(.actionLen, "truncated action header") }
        let length = Int(len16)
        guard length >= 8, length % 8 == 0 else {
            throw OFDecodeError(.actionLen, "action length \(length) is not a positive multiple of 8")
        }
        var b = try buffer.readBytes(length, .actionLen)
        try b.skip(4)

        func fixed(_ expected: Int) throws(OFDecodeError) {
            guard length == expected else {
                throw OFDecodeError(.actionLen, "action type \(type) must be \(expected) bytes, is \(length)")
            }
        }

        switch type {
        case 0:
            try fixed(16)
            let port = try b.readU32(.actionLen)
            let maxLen = try b.readU16(.actionLen)
            try b.skip(6)
            return .output(port: PortNumber(port), maxLength: maxLen)
        case 11: try fixed(8); return .copyTTLOut
        case 12: try fixed(8); return .copyTTLIn
        case 15: try fixed(8); return .setMPLSTTL(try b.readU8(.actionLen))
        case 16: try fixed(8); return .decMPLSTTL
        case 17: try fixed(8); return .pushVLAN(ethertype: try b.readU16(.actionLen))
        case 18: try fixed(8); return .popVLAN
        case 19: try fixed(8); return .pushMPLS(ethertype: try b.readU16(.actionLen))
        case 20: try fixed(8); return .popMPLS(ethertype: try b.readU16(.actionLen))
        case 21: try fixed(8); return .setQueue(try b.readU32(.actionLen))
        case 22: try fixed(8); return .group(try b.readU32(.actionLen))
        case 23: try fixed(8); return .setNWTTL(try b.readU8(.actionLen))
        case 24: try fixed(8); return .decNWTTL
        case 25:
            let setLen = OFErrorCode.badAction(.badSetLen)
            let field = try OXMField.read(from: &b, setLen)
            guard length == roundUpTo8(4 + field.wireLength) else {
                throw OFDecodeError(setLen, "set_field padding does not round the action to 8 bytes")
            }
            return .setField(field)
        case 26: try fixed(8); return .pushPBB(ethertype: try b.readU16(.actionLen))
        case 27: try fixed(8); return .popPBB
        case 0xFFFF:
            let experimenter = try b.readU32(.actionLen)
            if experimenter == ExperimenterID.nicira {
                return .nicira(try NiciraAction.read(from: &b, length: length, depth: depth))
            }
            return .experimenter(experimenter: experimenter, data: b.readRest())
        default:
            throw OFDecodeError(.badAction(.badType), "unknown action type \(type)")
        }
    }

    func write(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        switch self {
        // Fixed-size actions go in one buffer write each, padding included (see OFMessage.write).
        case .output(let port, let maxLength):
            buffer.writeMultipleIntegers(UInt16(0), UInt16(16), port.rawValue, maxLength, UInt16(0), UInt32(0))
        case .copyTTLOut: Self.writeEmpty(11, into: &buffer)
        case .copyTTLIn: Self.writeEmpty(12, into: &buffer)
        case .setMPLSTTL(let ttl): Self.writeByte(15, ttl, into: &buffer)
        case .decMPLSTTL: Self.writeEmpty(16, into: &buffer)
        case .pushVLAN(let e): Self.writeEthertype(17, e, into: &buffer)
        case .popVLAN: Self.writeEmpty(18, into: &buffer)
        case .pushMPLS(let e): Self.writeEthertype(19, e, into: &buffer)
        case .popMPLS(let e): Self.writeEthertype(20, e, into: &buffer)
        case .setQueue(let q): Self.writeWord(21, q, into: &buffer)
        case .group(let g): Self.writeWord(22, g, into: &buffer)
        case .setNWTTL(let ttl): Self.writeByte(23, ttl, into: &buffer)
        case .decNWTTL: Self.writeEmpty(24, into: &buffer)
        case .setField(let field):
            // The length is known up front, so the action header rides along with the TLV.
            // (Bytes actually written, not the header's 8-bit length, so oversized values pad as before.)
            let tlv = field.id.headerLength + field.value.width + (field.mask?.width ?? 0)
            let length = roundUpTo8(4 + tlv)
            field.write(into: &buffer, prefix: UInt32(25) << 16 | UInt32(UInt16(truncatingIfNeeded: length)))
            buffer.writeZeros(length - 4 - tlv)
        case .pushPBB(let e): Self.writeEthertype(26, e, into: &buffer)
        case .popPBB: Self.writeEmpty(27, into: &buffer)
        case .nicira(let action):
            action.write(into: &buffer)
        case .experimenter(let experimenter, let data):
            buffer.writeInteger(UInt16(0xFFFF))
            let len = buffer.reserveLength16()
            buffer.writeInteger(experimenter)
            buffer.writeImmutableBuffer(data)
            buffer.padTo8(from: start)
            buffer.backfillLength16(at: len, from: start)
        }
    }

    private static func writeEmpty(_ type: UInt16, into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(type, UInt16(8), UInt32(0))
    }

    private static func writeByte(_ type: UInt16, _ value: UInt8, into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(type, UInt16(8), value, UInt8(0), UInt16(0))
    }

    private static func writeEthertype(_ type: UInt16, _ value: UInt16, into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(type, UInt16(8), value, UInt16(0))
    }

    private static func writeWord(_ type: UInt16, _ value: UInt32, into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(type, UInt16(8), value)
    }
}
