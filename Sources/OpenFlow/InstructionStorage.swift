import NIOCore

/// An instruction list held either as values or as validated wire bytes.
///
/// Why: flow-stats replies are the bulk traffic a controller decodes, and building two arrays
/// (instructions, actions) per entry cost more than parsing the entry. Decoding validates the
/// bytes with the same checks as `Instruction.readList` (so malformed input is still a typed
/// error at decode time) but builds no arrays; the list is materialised when read.
struct InstructionStorage: Hashable, Sendable {
    private enum Form: Sendable {
        case values([Instruction])
        case wire(ByteBuffer)
    }

    private var form: Form

    init(_ instructions: [Instruction]) { form = .values(instructions) }

    var instructions: [Instruction] {
        switch form {
        case .values(let list):
            return list
        case .wire(let bytes):
            // Cannot fail: the bytes passed `validate` when they were decoded.
            let decoded = try? bytes.decode { (r: inout WireReader) throws(OFDecodeError) in
                try Instruction.readList(from: &r)
            }
            return decoded?.value ?? []
        }
    }

    /// Consumes the rest of `r`, which must be a valid instruction list.
    static func read(from r: inout WireReader) throws(OFDecodeError) -> InstructionStorage {
        var check = r
        try Instruction.validateList(from: &check)
        return InstructionStorage(form: .wire(r.readRest()))
    }

    private init(form: Form) { self.form = form }

    func write(into b: inout ByteBuffer) {
        switch form {
        case .values(let list): Instruction.writeList(list, into: &b)
        case .wire(let bytes): b.writeImmutableBuffer(bytes)
        }
    }

    /// The instructions' wire bytes: as they came off the wire, or encoded now.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch form {
        case .wire(let bytes): return try bytes.withUnsafeReadableBytes(body)
        case .values(let list):
            var buffer = ByteBufferAllocator().buffer(capacity: 64)
            Instruction.writeList(list, into: &buffer)
            return try buffer.withUnsafeReadableBytes(body)
        }
    }

    /// Whether these came off the wire as exactly `bytes` (false when they did not come off the
    /// wire, or differ: then compare the values).
    func isWire(_ bytes: ByteBuffer) -> Bool {
        if case .wire(let own) = form { own == bytes } else { false }
    }

    static func == (lhs: InstructionStorage, rhs: InstructionStorage) -> Bool {
        if case .wire(let a) = lhs.form, case .wire(let b) = rhs.form, a == b { return true }
        return lhs.instructions == rhs.instructions
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(instructions)
    }
}

extension Instruction {
    /// Runs every check `readList` runs, without keeping the result: action lists are walked
    /// action by action so no array is built.
    static func validateList(from r: inout WireReader) throws(OFDecodeError) {
        while r.readableBytes > 0 {
            guard let type = r.peekU16(at: 0), let len16 = r.peekU16(at: 2) else {
                throw OFDecodeError(.instructionLen, "truncated instruction header")
            }
            guard type == 3 || type == 4 else {
                _ = try read(from: &r)
                continue
            }
            let length = Int(len16)
            guard length >= 8, length % 8 == 0 else {
                throw OFDecodeError(.instructionLen, "instruction length \(length) is not a positive multiple of 8")
            }
            var b = try r.readBytes(length, .instructionLen)
            try b.skip(8, .instructionLen)
            while b.readableBytes > 0 { _ = try Action.read(from: &b, depth: 0) }
        }
    }
}
