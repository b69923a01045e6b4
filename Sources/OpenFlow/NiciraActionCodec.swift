import NIOCore

extension NiciraAction {
    /// `b` is positioned after the vendor id; `length` is the whole action's length.
    static func read(from b: inout WireReader, length: Int, depth: Int) throws(OFDecodeError) -> NiciraAction {
        let code = OFErrorCode.actionLen
        guard length >= 16 else { throw OFDecodeError(code, "Nicira action shorter than 16 bytes") }
        let subtype = try b.readU16(code)

        func fixed(_ expected: Int) throws(OFDecodeError) {
            guard length == expected else {
                throw OFDecodeError(code, "Nicira action \(subtype) must be \(expected) bytes, is \(length)")
            }
        }

        switch subtype {
        case 1:
            try fixed(16)
            let port = try b.readU16(code)
            b.skipRest()
            return .resubmit(inPort: port)
        case 14, 44:
            try fixed(16)
            let port = try b.readU16(code)
            let table = try b.readU8(code)
            b.skipRest()
            return subtype == 14
                ? .resubmitTable(inPort: port, table: table) : .resubmitTableCT(inPort: port, table: table)
        case 2:
            try fixed(16)
            try b.skip(2, code)
            return .setTunnel(try b.readU32(code))
        case 9:
            try fixed(24)
            try b.skip(6, code)
            return .setTunnel64(try b.readU64(code))
        case 5, 17, 43:
            try fixed(16)
            b.skipRest()
            return subtype == 5 ? .popQueue : subtype == 17 ? .exit : .ctClear
        case 6:
            let nBits = try b.readU16(code)
            let srcOfs = try b.readU16(code)
            let dstOfs = try b.readU16(code)
            let src = try OXMHeader.read(from: &b, code)
            let dst = try OXMHeader.read(from: &b, code)
            let used = 16 + src.id.headerLength + dst.id.headerLength
            guard length == roundUpTo8(used) else { throw OFDecodeError(code, "reg_move padding is wrong") }
            b.skipRest()
            return .regMove(RegMove(nBits: nBits, srcOffset: srcOfs, dstOffset: dstOfs, src: src, dst: dst))
        case 7:
            try fixed(24)
            let (ofs, nBits) = decodeOfsNbits(try b.readU16(code))
            let dst = OXMHeader(word: try b.readU32(code))
            let value = try b.readU64(code)
            return .regLoad(RegLoad(offset: ofs, nBits: nBits, dst: dst, value: value))
        case 33:
            let field = try OXMField.read(from: &b, code)
            guard length == roundUpTo8(10 + field.wireLength) else {
                throw OFDecodeError(code, "reg_load2 padding is wrong")
            }
            b.skipRest()
            return .regLoad2(field)
        case 8:
            return .note(b.readRestArray())
        case 21:
            let n = Int(try b.readU16(code))
            try b.skip(4, code)
            guard length == roundUpTo8(16 + 2 * n) else {
                throw OFDecodeError(code, "dec_ttl_cnt_ids length does not match its count")
            }
            var ids = [UInt16]()
            ids.reserveCapacity(n)
            for _ in 0..<n { ids.append(try b.readU16(code)) }
            b.skipRest()
            return .decTTLControllerIDs(ids)
        case 15:
            try fixed(24)
            let (ofs, nBits) = decodeOfsNbits(try b.readU16(code))
            let src = OXMHeader(word: try b.readU32(code))
            let maxLen = try b.readU16(code)
            b.skipRest()
            return .outputReg(OutputReg(src: src, offset: ofs, nBits: nBits, maxLength: maxLen))
        case 32:
            try fixed(24)
            let (ofs, nBits) = decodeOfsNbits(try b.readU16(code))
            let maxLen = try b.readU16(code)
            let src = try OXMHeader.read(from: &b, code)
            b.skipRest()
            return .outputReg2(OutputReg(src: src, offset: ofs, nBits: nBits, maxLength: maxLen))
        case 34:
            try fixed(16)
            let clause = try b.readU8(code)
            let clauses = try b.readU8(code)
            let id = try b.readU32(code)
            return .conjunction(id: id, clause: clause, clauses: clauses)
        case 35:
            guard length >= 24 else { throw OFDecodeError(code, "ct action shorter than 24 bytes") }
            guard depth < Action.maximumNesting else {
                throw OFDecodeError(.badAction(.badArgument), "ct actions nested too deeply")
            }
            let flags = Conntrack.Flags(rawValue: try b.readU16(code))
            let zoneSrc = try b.readU32(code)
            let zoneWord = try b.readU16(code)
            let recirc = try b.readU8(code)
            try b.skip(3, code)
            let alg = try b.readU16(code)
            let nested = try Action.readList(from: &b, depth: depth + 1)
            let zone: Conntrack.Zone
            if zoneSrc == 0 {
                zone = .immediate(zoneWord)
            } else {
                let (ofs, nBits) = decodeOfsNbits(zoneWord)
                zone = .field(OXMHeader(word: zoneSrc), offset: ofs, nBits: nBits)
            }
            return .ct(Conntrack(flags: flags, zone: zone, recirculateTable: recirc, alg: alg, actions: nested))
        case 36:
            try b.skip(2, code)
            var nat = NAT(flags: NAT.Flags(rawValue: try b.readU16(code)))
            let present = try b.readU16(code)
            if present & (1 << 0) != 0 { nat.ipv4Min = try b.readU32(code) }
            if present & (1 << 1) != 0 { nat.ipv4Max = try b.readU32(code) }
            if present & (1 << 2) != 0 { nat.ipv6Min = try b.read(UInt128.self, code) }
            if present & (1 << 3) != 0 { nat.ipv6Max = try b.read(UInt128.self, code) }
            if present & (1 << 4) != 0 { nat.portMin = try b.readU16(code) }
            if present & (1 << 5) != 0 { nat.portMax = try b.readU16(code) }
            guard present & ~0x3F == 0, length == roundUpTo8(length - b.readableBytes), b.readableBytes < 8 else {
                throw OFDecodeError(code, "nat length does not match its range bitmap")
            }
            b.skipRest()
            return .nat(nat)
        case 20:
            try fixed(16)
            let maxLen = try b.readU16(code)
            let id = try b.readU16(code)
            let reason = try b.readU8(code)
            b.skipRest()
            return .controller(maxLength: maxLen, controllerID: id, reason: reason)
        case 37:
            try b.skip(6, code)
            var props = [Controller2Property]()
            while b.readableBytes > 0 {
                let (type, payload) = try readProperty(from: &b)
                var p = payload
                switch type {
                // 16-bit values travel in 4 payload bytes, as OVS and the spec lay them out.
                case 0:
                    props.append(.maxLength(try p.readU16(.propertyLen)));
                    try p.skip(Swift.min(2, p.readableBytes), .propertyLen)
                case 1:
                    props.append(.controllerID(try p.readU16(.propertyLen)));
                    try p.skip(Swift.min(2, p.readableBytes), .propertyLen)
                case 2: props.append(.reason(try p.readU8(.propertyLen)))
                case 3: props.append(.userdata(p.readRestArray()))
                case 4: props.append(.pause)
                case 5: props.append(.meterID(try p.readU32(.propertyLen)))
                default: props.append(.unknown(type: type, payload: p.readRest()))
                }
                guard p.readableBytes == 0 else { throw OFDecodeError(.propertyLen, "controller2 property too long") }
            }
            return .controller2(props)
        default:
            return .unknown(subtype: subtype, body: b.readRest())
        }
    }

    func write(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(UInt16(0xFFFF))
        let len = buffer.reserveLength16()
        buffer.writeInteger(ExperimenterID.nicira)
        buffer.writeInteger(subtype)
        switch self {
        case .resubmit(let port):
            buffer.writeInteger(port)
        case .resubmitTable(let port, let table), .resubmitTableCT(let port, let table):
            buffer.writeInteger(port)
            buffer.writeInteger(table)
        case .setTunnel(let id):
            buffer.writeZeros(2)
            buffer.writeInteger(id)
        case .setTunnel64(let id):
            buffer.writeZeros(6)
            buffer.writeInteger(id)
        case .popQueue, .exit, .ctClear:
            break
        case .regMove(let m):
            buffer.writeInteger(m.nBits)
            buffer.writeInteger(m.srcOffset)
            buffer.writeInteger(m.dstOffset)
            m.src.write(into: &buffer)
            m.dst.write(into: &buffer)
        case .regLoad(let l):
            buffer.writeInteger(encodeOfsNbits(l.offset, l.nBits))
            buffer.writeInteger(l.dst.word)
            buffer.writeInteger(l.value)
        case .regLoad2(let field):
            field.write(into: &buffer)
        case .note(let bytes):
            buffer.writeBytes(bytes)
        case .decTTLControllerIDs(let ids):
            buffer.writeInteger(UInt16(truncatingIfNeeded: ids.count))
            buffer.writeZeros(4)
            for id in ids { buffer.writeInteger(id) }
        case .outputReg(let o):
            buffer.writeInteger(encodeOfsNbits(o.offset, o.nBits))
            buffer.writeInteger(o.src.word)
            buffer.writeInteger(o.maxLength)
        case .outputReg2(let o):
            buffer.writeInteger(encodeOfsNbits(o.offset, o.nBits))
            buffer.writeInteger(o.maxLength)
            o.src.write(into: &buffer)
        case .conjunction(let id, let clause, let clauses):
            buffer.writeInteger(clause)
            buffer.writeInteger(clauses)
            buffer.writeInteger(id)
        case .ct(let ct):
            buffer.writeInteger(ct.flags.rawValue)
            switch ct.zone {
            case .immediate(let zone):
                buffer.writeInteger(UInt32(0))
                buffer.writeInteger(zone)
            case .field(let header, let offset, let nBits):
                buffer.writeInteger(header.word)
                buffer.writeInteger(encodeOfsNbits(offset, nBits))
            }
            buffer.writeInteger(ct.recirculateTable)
            buffer.writeZeros(3)
            buffer.writeInteger(ct.alg)
            Action.writeList(ct.actions, into: &buffer)
        case .nat(let nat):
            buffer.writeZeros(2)
            buffer.writeInteger(nat.flags.rawValue)
            buffer.writeInteger(nat.rangePresent)
            if let v = nat.ipv4Min { buffer.writeInteger(v) }
            if let v = nat.ipv4Max { buffer.writeInteger(v) }
            if let v = nat.ipv6Min { buffer.writeInteger(v) }
            if let v = nat.ipv6Max { buffer.writeInteger(v) }
            if let v = nat.portMin { buffer.writeInteger(v) }
            if let v = nat.portMax { buffer.writeInteger(v) }
        case .controller(let maxLength, let controllerID, let reason):
            buffer.writeInteger(maxLength)
            buffer.writeInteger(controllerID)
            buffer.writeInteger(reason)
        case .controller2(let props):
            buffer.writeZeros(6)
            for p in props {
                switch p {
                case .maxLength(let v):
                    writeProperty(type: 0, into: &buffer) {
                        $0.writeInteger(v); $0.writeZeros(2)
                    }
                case .controllerID(let v):
                    writeProperty(type: 1, into: &buffer) {
                        $0.writeInteger(v); $0.writeZeros(2)
                    }
                case .reason(let v): writeProperty(type: 2, into: &buffer) { $0.writeInteger(v) }
                case .userdata(let v): writeProperty(type: 3, into: &buffer) { $0.writeBytes(v) }
                case .pause: writeProperty(type: 4, into: &buffer) { _ in }
                case .meterID(let v): writeProperty(type: 5, into: &buffer) { $0.writeInteger(v) }
                case .unknown(let type, let payload):
                    writeProperty(type: type, into: &buffer) { $0.writeImmutableBuffer(payload) }
                }
            }
        case .unknown(_, let body):
            buffer.writeImmutableBuffer(body)
        }
        // Fixed-size actions are 16 bytes at least; all are padded to 8.
        let minimum = 16
        if buffer.writerIndex - start < minimum { buffer.writeZeros(minimum - (buffer.writerIndex - start)) }
        buffer.padTo8(from: start)
        buffer.backfillLength16(at: len, from: start)
    }
}
