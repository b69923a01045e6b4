import NIOCore

// FLOW_MOD encoding in one buffer access. Why: every ByteBuffer write pays a capacity check and
// dynamic exclusivity checks (swift_beginAccess, a thread-local lookup); perf showed those, not
// our code, dominating FLOW_MOD encode. When every instruction and action of a flow mod has a
// size known up front (the common OpenFlow actions and unmasked set-field), the message length
// is computed first and the bytes are stored through one raw pointer. Anything else (Nicira
// actions, experimenter data, masked or experimenter set-field) takes the general path.
// Output is byte-identical to the general path (FlowModFastPathTests compares them).

extension FlowMod {
    /// The whole message's length if the fast path can encode it, else nil.
    func fastMessageLength() -> Int? {
        var n = OFHeader.size + 40 + match.wireLength
        for instruction in instructions {
            switch instruction {
            case .gotoTable, .clearActions, .meter: n += 8
            case .writeMetadata: n += 24
            case .writeActions(let actions), .applyActions(let actions):
                n += 8
                for action in actions {
                    guard let size = action.fastLength else { return nil }
                    n += size
                }
            case .experimenter: return nil
            }
        }
        return n <= 0xFFFF ? n : nil
    }

    /// The 48 bytes before the match: the OpenFlow header and FLOW_MOD's fixed fields. The one
    /// writer of that layout for the fast path and `ForwardingFlow`.
    static func writeFixedPart(
        into w: inout RawWriter, version: UInt8, xid: UInt32, length: Int, cookie: UInt64, cookieMask: UInt64 = 0,
        tableID: UInt8, command: FlowModCommand, idleTimeout: UInt16, hardTimeout: UInt16, priority: UInt16,
        bufferID: UInt32 = BufferID.noBuffer, outPort: PortNumber = .any, outGroup: UInt32 = GroupID.any,
        flags: FlowModFlags = [], importance: UInt16 = 0
    ) {
        w.put(version)
        w.put(OFMessageType.flowMod.rawValue)
        w.put(UInt16(length))
        w.put(xid)
        w.put(cookie)
        w.put(cookieMask)
        w.put(tableID)
        w.put(command.rawValue)
        w.put(idleTimeout)
        w.put(hardTimeout)
        w.put(priority)
        w.put(bufferID)
        w.put(outPort.rawValue)
        w.put(outGroup)
        w.put(flags.rawValue)
        w.put(importance)
    }

    /// Writes header and body; `length` must be `fastMessageLength()`.
    func writeFast(version: UInt8, xid: UInt32, length: Int, into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var w = RawWriter(base: raw)
            Self.writeFixedPart(
                into: &w, version: version, xid: xid, length: length, cookie: cookie, cookieMask: cookieMask,
                tableID: tableID, command: command, idleTimeout: idleTimeout, hardTimeout: hardTimeout,
                priority: priority, bufferID: bufferID, outPort: outPort, outGroup: outGroup, flags: flags,
                importance: importance)
            match.write(into: &w)
            for instruction in instructions { instruction.writeFast(into: &w) }
            return w.offset
        }
    }
}

extension Instruction {
    fileprivate func writeFast(into w: inout RawWriter) {
        switch self {
        case .gotoTable(let table):
            w.put(UInt16(1), UInt16(8))
            w.put(table)
            w.zeros(3)
        case .writeMetadata(let metadata, let mask):
            w.put(UInt16(2), UInt16(24))
            w.zeros(4)
            w.put(metadata)
            w.put(mask)
        case .writeActions(let actions), .applyActions(let actions):
            let start = w.offset
            w.put(UInt16(isWriteActions ? 3 : 4), UInt16(0))
            w.zeros(4)
            for action in actions { action.writeFast(into: &w) }
            w.set(UInt16(w.offset - start), at: start + 2)
        case .clearActions:
            w.put(UInt16(5), UInt16(8))
            w.zeros(4)
        case .meter(let id):
            w.put(UInt16(6), UInt16(8))
            w.put(id)
        case .experimenter: preconditionFailure("not on the fast path")
        }
    }

    private var isWriteActions: Bool {
        if case .writeActions = self { return true }
        return false
    }
}

extension Action {
    /// Encoded size for actions the fast path handles.
    var fastLength: Int? {
        switch self {
        case .output: return 16
        case .copyTTLOut, .copyTTLIn, .setMPLSTTL, .decMPLSTTL, .pushVLAN, .popVLAN, .pushMPLS, .popMPLS, .setQueue,
            .group, .setNWTTL, .decNWTTL, .pushPBB, .popPBB:
            return 8
        case .setField(let field):
            guard field.mask == nil, field.id.oxmClass != .experimenter else { return nil }
            switch field.value.width {
            case 1, 2, 4, 6, 8, 16: return roundUpTo8(8 + field.value.width)
            default: return nil
            }
        case .nicira, .experimenter: return nil
        }
    }

    func writeFast(into w: inout RawWriter) {
        switch self {
        case .output(let port, let maxLength):
            w.put(UInt16(0), UInt16(16))
            w.put(port.rawValue)
            w.put(maxLength)
            w.zeros(6)
        case .copyTTLOut: w.empty(11)
        case .copyTTLIn: w.empty(12)
        case .setMPLSTTL(let ttl): w.byte(15, ttl)
        case .decMPLSTTL: w.empty(16)
        case .pushVLAN(let e): w.ethertype(17, e)
        case .popVLAN: w.empty(18)
        case .pushMPLS(let e): w.ethertype(19, e)
        case .popMPLS(let e): w.ethertype(20, e)
        case .setQueue(let q): w.word(21, q)
        case .group(let g): w.word(22, g)
        case .setNWTTL(let ttl): w.byte(23, ttl)
        case .decNWTTL: w.empty(24)
        case .pushPBB(let e): w.ethertype(26, e)
        case .popPBB: w.empty(27)
        case .setField(let field):
            let width = field.value.width
            let length = roundUpTo8(8 + width)
            w.put(UInt16(25), UInt16(length))
            w.put(OXMHeader(id: field.id, hasMask: false, length: UInt8(width)).word)
            field.value.write(into: &w)
            w.zeros(length - 8 - width)
        case .nicira, .experimenter: preconditionFailure("not on the fast path")
        }
    }
}
