import NIOCore

/// OFPT_EXPERIMENTER (and the experimenter multipart bodies, which share the shape).
public struct ExperimenterMessage: Hashable, Sendable {
    public var experimenter: UInt32
    public var expType: UInt32
    public var data: ByteBuffer

    public init(experimenter: UInt32, expType: UInt32, data: ByteBuffer = ByteBuffer()) {
        self.experimenter = experimenter
        self.expType = expType
        self.data = data
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Self {
        let experimenter = try buffer.readU32()
        let expType = try buffer.readU32()
        return Self(experimenter: experimenter, expType: expType, data: buffer.readRest())
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(experimenter)
        buffer.writeInteger(expType)
        buffer.writeImmutableBuffer(data)
    }
}

public struct SwitchCapabilities: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let flowStats = Self(rawValue: 1 << 0)
    public static let tableStats = Self(rawValue: 1 << 1)
    public static let portStats = Self(rawValue: 1 << 2)
    public static let groupStats = Self(rawValue: 1 << 3)
    public static let ipReasm = Self(rawValue: 1 << 5)
    public static let queueStats = Self(rawValue: 1 << 6)
    public static let portBlocked = Self(rawValue: 1 << 8)
}

/// OFPT_FEATURES_REPLY.
public struct FeaturesReply: Hashable, Sendable {
    public var datapathID: UInt64
    public var nBuffers: UInt32
    public var nTables: UInt8
    public var auxiliaryID: UInt8
    public var capabilities: SwitchCapabilities
    public var reserved: UInt32

    public init(
        datapathID: UInt64, nBuffers: UInt32 = 0, nTables: UInt8 = 254, auxiliaryID: UInt8 = 0,
        capabilities: SwitchCapabilities = [], reserved: UInt32 = 0
    ) {
        self.datapathID = datapathID
        self.nBuffers = nBuffers
        self.nTables = nTables
        self.auxiliaryID = auxiliaryID
        self.capabilities = capabilities
        self.reserved = reserved
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Self {
        let dpid = try buffer.readU64()
        let nBuffers = try buffer.readU32()
        let nTables = try buffer.readU8()
        let aux = try buffer.readU8()
        try buffer.skip(2)
        let caps = try buffer.readU32()
        let reserved = try buffer.readU32()
        return Self(
            datapathID: dpid, nBuffers: nBuffers, nTables: nTables, auxiliaryID: aux,
            capabilities: SwitchCapabilities(rawValue: caps), reserved: reserved)
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(datapathID)
        buffer.writeInteger(nBuffers)
        buffer.writeInteger(nTables)
        buffer.writeInteger(auxiliaryID)
        buffer.writeZeros(2)
        buffer.writeInteger(capabilities.rawValue)
        buffer.writeInteger(reserved)
    }
}

/// GET_CONFIG_REPLY / SET_CONFIG body.
public struct SwitchConfig: Hashable, Sendable {
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let fragDrop = Self(rawValue: 1 << 0)
        public static let fragReasm = Self(rawValue: 1 << 1)
    }

    public var flags: Flags
    public var missSendLength: UInt16

    public init(flags: Flags = [], missSendLength: UInt16 = 128) {
        self.flags = flags
        self.missSendLength = missSendLength
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Self {
        let flags = try buffer.readU16()
        let miss = try buffer.readU16()
        return Self(flags: Flags(rawValue: flags), missSendLength: miss)
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(missSendLength)
    }
}

public struct ControllerRole: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let noChange = Self(rawValue: 0)
    public static let equal = Self(rawValue: 1)
    public static let master = Self(rawValue: 2)
    public static let slave = Self(rawValue: 3)
}

/// ROLE_REQUEST / ROLE_REPLY body.
public struct RoleMessage: Hashable, Sendable {
    public var role: ControllerRole
    public var generationID: UInt64

    public init(role: ControllerRole, generationID: UInt64 = 0) {
        self.role = role
        self.generationID = generationID
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Self {
        let role = try buffer.readU32()
        try buffer.skip(4)
        let generation = try buffer.readU64()
        return Self(role: ControllerRole(rawValue: role), generationID: generation)
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(role.rawValue)
        buffer.writeZeros(4)
        buffer.writeInteger(generationID)
    }
}
