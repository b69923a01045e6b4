import NIOCore

/// OFPT_ROLE_STATUS.
public struct RoleStatus: Hashable, Sendable {
    public struct Reason: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let masterRequest = Self(rawValue: 0)
        public static let config = Self(rawValue: 1)
        public static let experimenter = Self(rawValue: 2)
    }

    public var role: ControllerRole
    public var reason: Reason
    public var generationID: UInt64
    /// Only experimenter role properties are defined.
    public var properties: [BundleProperty]

    public init(role: ControllerRole, reason: Reason, generationID: UInt64, properties: [BundleProperty] = []) {
        self.role = role
        self.reason = reason
        self.generationID = generationID
        self.properties = properties
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> RoleStatus {
        let role = try b.readU32()
        let reason = try b.readU8()
        try b.skip(3)
        let generation = try b.readU64()
        return RoleStatus(
            role: ControllerRole(rawValue: role), reason: Reason(rawValue: reason), generationID: generation,
            properties: try BundleProperty.readList(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(role.rawValue)
        b.writeInteger(reason.rawValue)
        b.writeZeros(3)
        b.writeInteger(generationID)
        for p in properties { p.write(into: &b) }
    }
}

/// OFPT_TABLE_STATUS.
public struct TableStatus: Hashable, Sendable {
    public struct Reason: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let vacancyDown = Self(rawValue: 3)
        public static let vacancyUp = Self(rawValue: 4)
    }

    public var reason: Reason
    public var table: TableDescription

    public init(reason: Reason, table: TableDescription) {
        self.reason = reason
        self.table = table
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> TableStatus {
        let reason = try b.readU8()
        try b.skip(7)
        guard let len = b.peekU16(), len >= 8 else {
            throw OFDecodeError(.requestLen, "table description missing or too short")
        }
        var entry = try b.readBytes(Int(len))
        let table = try TableDescription.readOne(from: &entry)
        return TableStatus(reason: Reason(rawValue: reason), table: table)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(reason.rawValue)
        b.writeZeros(7)
        table.write(into: &b)
    }
}
