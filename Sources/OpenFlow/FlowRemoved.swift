import NIOCore

public struct FlowRemovedReason: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let idleTimeout = Self(rawValue: 0)
    public static let hardTimeout = Self(rawValue: 1)
    public static let delete = Self(rawValue: 2)
    public static let groupDelete = Self(rawValue: 3)
    public static let meterDelete = Self(rawValue: 4)
    public static let eviction = Self(rawValue: 5)
}

/// OFPT_FLOW_REMOVED.
public struct FlowRemoved: Hashable, Sendable {
    public var cookie: UInt64
    public var priority: UInt16
    public var reason: FlowRemovedReason
    public var tableID: UInt8
    public var durationSec: UInt32
    public var durationNSec: UInt32
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var match: Match

    public init(
        cookie: UInt64 = 0, priority: UInt16, reason: FlowRemovedReason, tableID: UInt8, durationSec: UInt32 = 0,
        durationNSec: UInt32 = 0, idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0, packetCount: UInt64 = 0,
        byteCount: UInt64 = 0, match: Match
    ) {
        self.cookie = cookie
        self.priority = priority
        self.reason = reason
        self.tableID = tableID
        self.durationSec = durationSec
        self.durationNSec = durationNSec
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.match = match
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> FlowRemoved {
        let cookie = try b.readU64()
        let priority = try b.readU16()
        let reason = try b.readU8()
        let table = try b.readU8()
        let sec = try b.readU32()
        let nsec = try b.readU32()
        let idle = try b.readU16()
        let hard = try b.readU16()
        let packets = try b.readU64()
        let bytes = try b.readU64()
        let match = try Match.read(from: &b)
        return FlowRemoved(
            cookie: cookie, priority: priority, reason: FlowRemovedReason(rawValue: reason), tableID: table,
            durationSec: sec, durationNSec: nsec, idleTimeout: idle, hardTimeout: hard,
            packetCount: packets, byteCount: bytes, match: match)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(cookie)
        b.writeInteger(priority)
        b.writeInteger(reason.rawValue)
        b.writeInteger(tableID)
        b.writeInteger(durationSec)
        b.writeInteger(durationNSec)
        b.writeInteger(idleTimeout)
        b.writeInteger(hardTimeout)
        b.writeInteger(packetCount)
        b.writeInteger(byteCount)
        match.write(into: &b)
    }
}
