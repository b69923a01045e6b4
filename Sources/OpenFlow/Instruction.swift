import NIOCore

public enum Instruction: Hashable, Sendable {
    case gotoTable(UInt8)
    case writeMetadata(UInt64, mask: UInt64)
    case writeActions([Action])
    case applyActions([Action])
    case clearActions
    case meter(UInt32)
    /// `data` is everything after the experimenter id.
    case experimenter(experimenter: UInt32, data: ByteBuffer)

    static func readList(from buffer: inout WireReader) throws(OFDecodeError) -> [Instruction] {
        var list = [Instruction]()
        list.reserveCapacity(Swift.min(buffer.readableBytes / 8, 8))
        while buffer.readableBytes > 0 {
            list.append(try read(from: &buffer))
        }
        return list
    }

    static func writeList(_ list: [Instruction], into buffer: inout ByteBuffer) {
        for i in list { i.write(into: &buffer) }
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Instruction {
        let code = OFErrorCode.instructionLen
        guard let type = buffer.peekU16(at: 0), let len16 = buffer.peekU16(at: 2)
        else { throw OFDecodeError(code, "truncated instruction header") }
        let length = Int(len16)
        guard length >= 8, length % 8 == 0 else {
            throw OFDecodeError(code, "instruction length \(length) is not a positive multiple of 8")
        }
        var b = try buffer.readBytes(length, code)
        try b.skip(4)

        func fixed(_ expected: Int) throws(OFDecodeError) {
            guard length == expected else {
                throw OFDecodeError(code, "instruction type \(type) must be \(expected) bytes, is \(length)")
            }
        }

        switch type {
        case 1:
            try fixed(8)
            return .gotoTable(try b.readU8(code))
        case 2:
            try fixed(24)
            try b.skip(4, code)
            let metadata = try b.readU64(code)
            let mask = try b.readU64(code)
            return .writeMetadata(metadata, mask: mask)
        case 3, 4:
            try b.skip(4, code)
            let actions = try Action.readList(from: &b)
            return type == 3 ? .writeActions(actions) : .applyActions(actions)
        case 5:
            try fixed(8)
            return .clearActions
        case 6:
            try fixed(8)
            return .meter(try b.readU32(code))
        case 0xFFFF:
            let experimenter = try b.readU32(code)
            return .experimenter(experimenter: experimenter, data: b.readRest())
        default:
            throw OFDecodeError(.badInstruction(.unknownInstruction), "unknown instruction type \(type)")
        }
    }

    func write(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        switch self {
        // Fixed parts and padding go in one buffer write each (see OFMessage.write for why).
        case .gotoTable(let table):
            buffer.writeMultipleIntegers(UInt16(1), UInt16(8), table, UInt8(0), UInt16(0))
        case .writeMetadata(let metadata, let mask):
            buffer.writeMultipleIntegers(UInt16(2), UInt16(24), UInt32(0), metadata, mask)
        case .writeActions(let actions), .applyActions(let actions):
            buffer.writeMultipleIntegers(UInt16(isWrite ? 3 : 4), UInt16(0), UInt32(0))
            Action.writeList(actions, into: &buffer)
            buffer.backfillLength16(at: start + 2, from: start)
        case .clearActions:
            buffer.writeMultipleIntegers(UInt16(5), UInt16(8), UInt32(0))
        case .meter(let id):
            buffer.writeMultipleIntegers(UInt16(6), UInt16(8), id)
        case .experimenter(let experimenter, let data):
            buffer.writeInteger(UInt16(0xFFFF))
            let len = buffer.reserveLength16()
            buffer.writeInteger(experimenter)
            buffer.writeImmutableBuffer(data)
            buffer.padTo8(from: start)
            buffer.backfillLength16(at: len, from: start)
        }
    }

    private var isWrite: Bool {
        if case .writeActions = self { return true }
        return false
    }
}
