import NIOCore

public struct FlowModCommand: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let add = Self(rawValue: 0)
    public static let modify = Self(rawValue: 1)
    public static let modifyStrict = Self(rawValue: 2)
    public static let delete = Self(rawValue: 3)
    public static let deleteStrict = Self(rawValue: 4)
}

public struct FlowModFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let sendFlowRemoved = Self(rawValue: 1 << 0)
    public static let checkOverlap = Self(rawValue: 1 << 1)
    public static let resetCounts = Self(rawValue: 1 << 2)
    public static let noPacketCounts = Self(rawValue: 1 << 3)
    public static let noByteCounts = Self(rawValue: 1 << 4)
}

/// OFPT_FLOW_MOD.
public struct FlowMod: Hashable, Sendable {
    public var cookie: UInt64
    public var cookieMask: UInt64
    public var tableID: UInt8
    public var command: FlowModCommand
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var priority: UInt16
    public var bufferID: UInt32
    public var outPort: PortNumber
    public var outGroup: UInt32
    public var flags: FlowModFlags
    public var importance: UInt16
    public var match: Match
    public var instructions: [Instruction]

    public init(
        command: FlowModCommand = .add, tableID: UInt8 = 0, priority: UInt16 = 0x8000,
        match: Match = Match(), instructions: [Instruction] = [],
        cookie: UInt64 = 0, cookieMask: UInt64 = 0, idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0,
        bufferID: UInt32 = BufferID.noBuffer, outPort: PortNumber = .any, outGroup: UInt32 = GroupID.any,
        flags: FlowModFlags = [], importance: UInt16 = 0
    ) {
        self.cookie = cookie
        self.cookieMask = cookieMask
        self.tableID = tableID
        self.command = command
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.priority = priority
        self.bufferID = bufferID
        self.outPort = outPort
        self.outGroup = outGroup
        self.flags = flags
        self.importance = importance
        self.match = match
        self.instructions = instructions
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> FlowMod {
        let cookie = try b.readU64()
        let cookieMask = try b.readU64()
        let table = try b.readU8()
        let command = try b.readU8()
        let idle = try b.readU16()
        let hard = try b.readU16()
        let priority = try b.readU16()
        let buffer = try b.readU32()
        let outPort = try b.readU32()
        let outGroup = try b.readU32()
        let flags = try b.readU16()
        let importance = try b.readU16()
        let match = try Match.read(from: &b)
        let instructions = try Instruction.readList(from: &b)
        return FlowMod(
            command: FlowModCommand(rawValue: command), tableID: table, priority: priority, match: match,
            instructions: instructions, cookie: cookie, cookieMask: cookieMask, idleTimeout: idle,
            hardTimeout: hard, bufferID: buffer, outPort: PortNumber(outPort), outGroup: outGroup,
            flags: FlowModFlags(rawValue: flags), importance: importance)
    }

    func write(into b: inout ByteBuffer) {
        // The fixed part in one buffer write (see OFMessage.write for why).
        b.writeMultipleIntegers(
            cookie, cookieMask, tableID, command.rawValue, idleTimeout, hardTimeout, priority, bufferID,
            outPort.rawValue, outGroup, flags.rawValue, importance)
        match.write(into: &b)
        Instruction.writeList(instructions, into: &b)
    }
}
