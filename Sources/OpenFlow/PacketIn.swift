import NIOCore

public struct PacketInReason: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let tableMiss = Self(rawValue: 0)
    public static let applyAction = Self(rawValue: 1)
    public static let invalidTTL = Self(rawValue: 2)
    public static let actionSet = Self(rawValue: 3)
    public static let group = Self(rawValue: 4)
    public static let packetOut = Self(rawValue: 5)
}

/// OFPT_PACKET_IN.
public struct PacketIn: Hashable, Sendable {
    public var bufferID: UInt32
    public var totalLength: UInt16
    public var reason: PacketInReason
    public var tableID: UInt8
    public var cookie: UInt64
    public var match: Match
    public var data: ByteBuffer

    public init(
        bufferID: UInt32 = BufferID.noBuffer, totalLength: UInt16, reason: PacketInReason, tableID: UInt8,
        cookie: UInt64 = 0, match: Match, data: ByteBuffer
    ) {
        self.bufferID = bufferID
        self.totalLength = totalLength
        self.reason = reason
        self.tableID = tableID
        self.cookie = cookie
        self.match = match
        self.data = data
    }

    /// The ingress port from the match, if present.
    public var inPort: PortNumber? {
        match[.inPort].map { PortNumber(UInt32(truncatingIfNeeded: $0.value.integer)) }
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> PacketIn {
        let buffer = try b.readU32()
        let total = try b.readU16()
        let reason = try b.readU8()
        let table = try b.readU8()
        let cookie = try b.readU64()
        let match = try Match.read(from: &b)
        try b.skip(2)
        let data = b.readRest()
        return PacketIn(
            bufferID: buffer, totalLength: total, reason: PacketInReason(rawValue: reason), tableID: table,
            cookie: cookie, match: match, data: data)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(bufferID)
        b.writeInteger(totalLength)
        b.writeInteger(reason.rawValue)
        b.writeInteger(tableID)
        b.writeInteger(cookie)
        match.write(into: &b)
        b.writeZeros(2)
        b.writeImmutableBuffer(data)
    }
}

/// OFPT_PACKET_OUT.
public struct PacketOut: Hashable, Sendable {
    public var bufferID: UInt32
    public var inPort: PortNumber
    public var actions: [Action]
    public var data: ByteBuffer

    public init(
        bufferID: UInt32 = BufferID.noBuffer, inPort: PortNumber = .controller, actions: [Action],
        data: ByteBuffer = ByteBuffer()
    ) {
        self.bufferID = bufferID
        self.inPort = inPort
        self.actions = actions
        self.data = data
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> PacketOut {
        let buffer = try b.readU32()
        let inPort = try b.readU32()
        let actionsLength = Int(try b.readU16())
        try b.skip(6)
        var actionBytes = try b.readBytes(actionsLength, .actionLen)
        let actions = try Action.readList(from: &actionBytes)
        let data = b.readRest()
        return PacketOut(bufferID: buffer, inPort: PortNumber(inPort), actions: actions, data: data)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(bufferID)
        b.writeInteger(inPort.rawValue)
        let len = b.reserveLength16()
        b.writeZeros(6)
        let start = b.writerIndex
        Action.writeList(actions, into: &b)
        b.setInteger(UInt16(truncatingIfNeeded: b.writerIndex - start), at: len)
        b.writeImmutableBuffer(data)
    }
}
