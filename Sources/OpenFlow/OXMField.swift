import NIOCore

public struct OXMClass: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let nxm0 = Self(rawValue: 0x0000)
    public static let nxm1 = Self(rawValue: 0x0001)
    public static let openflowBasic = Self(rawValue: 0x8000)
    public static let packetRegisters = Self(rawValue: 0x8001)
    public static let experimenter = Self(rawValue: 0xFFFF)
}

/// Identifies a match field: class, 7-bit field number and, for the experimenter class, the
/// experimenter id that follows the header on the wire.
public struct OXMFieldID: Hashable, Sendable, CustomStringConvertible {
    public var oxmClass: OXMClass
    public var field: UInt8
    public var experimenter: UInt32

    public init(_ oxmClass: OXMClass, _ field: UInt8, experimenter: UInt32 = 0) {
        self.oxmClass = oxmClass
        self.field = field & 0x7F
        self.experimenter = oxmClass == .experimenter ? experimenter : 0
    }

    /// Bytes the header takes on the wire (experimenter fields carry 4 more).
    public var headerLength: Int { oxmClass == .experimenter ? 8 : 4 }

    public var descriptor: OXMFieldDescriptor? { OXMFieldTable.lookup(self) }

    public var description: String {
        if let d = descriptor { return d.name }
        if oxmClass == .experimenter {
            return "oxm(0xffff:\(field):0x\(String(experimenter, radix: 16)))"
        }
        return "oxm(0x\(String(oxmClass.rawValue, radix: 16)):\(field))"
    }
}

/// An OXM header as it appears alone (in NX register actions and table-feature id lists):
/// field, has-mask bit and the payload length byte.
public struct OXMHeader: Hashable, Sendable, CustomStringConvertible {
    public var id: OXMFieldID
    public var hasMask: Bool
    /// Payload length in bytes, as the header's length byte states it (includes the
    /// experimenter id for experimenter fields).
    public var length: UInt8

    public init(id: OXMFieldID, hasMask: Bool, length: UInt8) {
        self.id = id
        self.hasMask = hasMask
        self.length = length
    }

    /// The header of an unmasked field, with the width the table gives it.
    public init(_ id: OXMFieldID, hasMask: Bool = false) {
        let width = id.descriptor?.width ?? 0
        let payload = (hasMask ? 2 * width : width) + (id.oxmClass == .experimenter ? 4 : 0)
        self.init(id: id, hasMask: hasMask, length: UInt8(truncatingIfNeeded: payload))
    }

    public var description: String { id.description + (hasMask ? "/masked" : "") }

    static func read(from buffer: inout WireReader, _ code: OFErrorCode) throws(OFDecodeError) -> OXMHeader {
        let word = try buffer.readU32(code)
        let cls = OXMClass(rawValue: UInt16(truncatingIfNeeded: word >> 16))
        let field = UInt8(truncatingIfNeeded: word >> 9) & 0x7F
        let hasMask = word & 0x100 != 0
        let length = UInt8(truncatingIfNeeded: word)
        var experimenter: UInt32 = 0
        if cls == .experimenter {
            experimenter = try buffer.readU32(code)
        }
        return OXMHeader(id: OXMFieldID(cls, field, experimenter: experimenter), hasMask: hasMask, length: length)
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(word)
        if id.oxmClass == .experimenter { buffer.writeInteger(id.experimenter) }
    }

    /// The same bytes as `write(into:)`, into memory the caller sized.
    func write(into w: inout RawWriter) {
        w.put(word)
        if id.oxmClass == .experimenter { w.put(id.experimenter) }
    }
}

/// One OXM TLV: a field, its value and an optional mask.
public struct OXMField: Hashable, Sendable, CustomStringConvertible {
    public var id: OXMFieldID
    public var value: OXMValue
    public var mask: OXMValue?

    public init(id: OXMFieldID, value: OXMValue, mask: OXMValue? = nil) {
        self.id = id
        self.value = value
        self.mask = mask
    }

    /// A field of the table with its table width, e.g. `OXMField(.tcpDst, 80)`.
    public init(_ id: OXMFieldID, _ value: UInt128, mask: UInt128? = nil) {
        let width = id.descriptor?.width ?? 16
        self.init(id: id, value: OXMValue(value, width: width), mask: mask.map { OXMValue($0, width: width) })
    }

    public var header: OXMHeader {
        let payload = value.width + (mask?.width ?? 0) + (id.oxmClass == .experimenter ? 4 : 0)
        return OXMHeader(id: id, hasMask: mask != nil, length: UInt8(truncatingIfNeeded: payload))
    }

    /// Bytes the TLV occupies on the wire.
    public var wireLength: Int { 4 + Int(header.length) }

    public var description: String {
        if let mask { return "\(id)=\(value)/\(mask)" }
        return "\(id)=\(value)"
    }

    /// Reads one TLV. A field named in the table must have the table's width; an unknown
    /// field is kept as whatever width its header states.
    static func read(
        from buffer: inout WireReader, _ code: OFErrorCode, checkWidth: Bool = true
    ) throws(OFDecodeError) -> OXMField {
        let header = try OXMHeader.read(from: &buffer, code)
        var payload = Int(header.length)
        if header.id.oxmClass == .experimenter {
            guard payload >= 4 else { throw OFDecodeError(code, "experimenter OXM shorter than its experimenter id") }
            payload -= 4
        }
        let width: Int
        if header.hasMask {
            guard payload % 2 == 0 else { throw OFDecodeError(code, "masked OXM with odd payload length") }
            width = payload / 2
        } else {
            width = payload
        }
        guard buffer.readableBytes >= payload else {
            throw OFDecodeError(code, "OXM payload overruns its container")
        }
        if checkWidth, let expected = buffer.oxmWidth(of: header.id), expected != width {
            throw OFDecodeError(code, "\(header.id) has length \(width), expected \(expected)")
        }
        let value = try OXMValue.read(width: width, from: &buffer, code)
        let mask = header.hasMask ? try OXMValue.read(width: width, from: &buffer, code) : nil
        return OXMField(id: header.id, value: value, mask: mask)
    }

    /// Checks one TLV exactly as `read` would, without building it.
    static func validate(from buffer: inout WireReader, _ code: OFErrorCode) throws(OFDecodeError) {
        let word = try buffer.readU32(code)
        let cls = UInt16(truncatingIfNeeded: word >> 16)
        var payload = Int(word & 0xFF)
        let hasMask = word & 0x100 != 0
        var id = OXMFieldID(OXMClass(rawValue: cls), UInt8(truncatingIfNeeded: word >> 9) & 0x7F)
        if cls == OXMClass.experimenter.rawValue {
            id.experimenter = try buffer.readU32(code)
            guard payload >= 4 else { throw OFDecodeError(code, "experimenter OXM shorter than its experimenter id") }
            payload -= 4
        }
        if hasMask, payload % 2 != 0 { throw OFDecodeError(code, "masked OXM with odd payload length") }
        try buffer.skip(payload, code)
        if let expected = buffer.oxmWidth(of: id), expected != (hasMask ? payload / 2 : payload) {
            throw OFDecodeError(code, "\(id) has length \(hasMask ? payload / 2 : payload), expected \(expected)")
        }
    }

    /// Writes the TLV, preceded by `prefix` (e.g. a set-field action's type and length) when
    /// given. An unmasked basic/NXM field of a common width goes in one buffer write, since
    /// each write costs capacity and exclusivity checks (set-field actions are on the FLOW_MOD
    /// encode path; matches are encoded once, when built).
    func write(into buffer: inout ByteBuffer, prefix: UInt32? = nil) {
        let header = self.header
        if mask == nil, id.oxmClass != .experimenter, let prefix {
            let word = header.word
            let v = value.integer
            switch value.width {
            case 1: buffer.writeMultipleIntegers(prefix, word, UInt8(truncatingIfNeeded: v)); return
            case 2: buffer.writeMultipleIntegers(prefix, word, UInt16(truncatingIfNeeded: v)); return
            case 4: buffer.writeMultipleIntegers(prefix, word, UInt32(truncatingIfNeeded: v)); return
            case 6:
                buffer.writeMultipleIntegers(
                    prefix, word, UInt16(truncatingIfNeeded: v >> 32), UInt32(truncatingIfNeeded: v))
                return
            case 8: buffer.writeMultipleIntegers(prefix, word, UInt64(truncatingIfNeeded: v)); return
            case 16:
                buffer.writeMultipleIntegers(
                    prefix, word, UInt64(truncatingIfNeeded: v >> 64), UInt64(truncatingIfNeeded: v))
                return
            default: break
            }
        }
        if let prefix { buffer.writeInteger(prefix) }
        header.write(into: &buffer)
        value.write(into: &buffer)
        mask?.write(into: &buffer)
    }

    /// The TLV (`wireLength` bytes, as `write(into:)` writes it), into memory the caller sized:
    /// `Match(_:)` writes all of a match's fields in one reserved region, without the capacity
    /// and exclusivity checks of a ByteBuffer write per header, value and mask.
    func write(into w: inout RawWriter) {
        header.write(into: &w)
        value.write(into: &w)
        mask?.write(into: &w)
    }
}
