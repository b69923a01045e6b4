import NIOCore

/// Body of OFPMP_FLOW and OFPMP_AGGREGATE requests.
public struct FlowStatsRequest: Hashable, Sendable {
    public var tableID: UInt8
    public var outPort: PortNumber
    public var outGroup: UInt32
    public var cookie: UInt64
    public var cookieMask: UInt64
    public var match: Match

    public init(
        tableID: UInt8 = TableID.all, outPort: PortNumber = .any, outGroup: UInt32 = GroupID.any,
        cookie: UInt64 = 0, cookieMask: UInt64 = 0, match: Match = Match()
    ) {
        self.tableID = tableID
        self.outPort = outPort
        self.outGroup = outGroup
        self.cookie = cookie
        self.cookieMask = cookieMask
        self.match = match
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> Self {
        let table = try b.readU8()
        try b.skip(3)
        let outPort = try b.readU32()
        let outGroup = try b.readU32()
        try b.skip(4)
        let cookie = try b.readU64()
        let mask = try b.readU64()
        return Self(
            tableID: table, outPort: PortNumber(outPort), outGroup: outGroup, cookie: cookie, cookieMask: mask,
            match: try Match.read(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(tableID)
        b.writeZeros(3)
        b.writeInteger(outPort.rawValue)
        b.writeInteger(outGroup)
        b.writeZeros(4)
        b.writeInteger(cookie)
        b.writeInteger(cookieMask)
        match.write(into: &b)
    }
}

/// One entry of an OFPMP_FLOW reply.
public struct FlowStats: Hashable, Sendable {
    public var tableID: UInt8
    public var durationSec: UInt32
    public var durationNSec: UInt32
    public var priority: UInt16
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var flags: FlowModFlags
    public var importance: UInt16
    public var cookie: UInt64
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var match: Match
    private var storedInstructions: InstructionStorage

    /// Decoded on access when the entry came off the wire (see `InstructionStorage`).
    public var instructions: [Instruction] {
        get { storedInstructions.instructions }
        set { storedInstructions = InstructionStorage(newValue) }
    }

    /// Whether the switch sent exactly these instruction bytes. Cheaper than decoding and
    /// comparing `instructions`, and equal bytes mean equal instructions; false means compare
    /// the values (the switch may encode the same instructions differently).
    public func hasInstructionBytes(_ encoded: EncodedInstructions) -> Bool {
        storedInstructions.isWire(encoded.bytes)
    }

    /// The instructions as wire bytes, without decoding them (a dumped entry's own bytes).
    public func withInstructionBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storedInstructions.withBytes(body)
    }

    public init(
        tableID: UInt8, durationSec: UInt32 = 0, durationNSec: UInt32 = 0, priority: UInt16, idleTimeout: UInt16 = 0,
        hardTimeout: UInt16 = 0, flags: FlowModFlags = [], importance: UInt16 = 0, cookie: UInt64 = 0,
        packetCount: UInt64 = 0, byteCount: UInt64 = 0, match: Match, instructions: [Instruction]
    ) {
        self.tableID = tableID
        self.durationSec = durationSec
        self.durationNSec = durationNSec
        self.priority = priority
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.flags = flags
        self.importance = importance
        self.cookie = cookie
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.match = match
        self.storedInstructions = InstructionStorage(instructions)
    }

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [FlowStats] {
        try readLengthPrefixed(from: &b, minimum: 56) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(2)
            let table = try e.readU8()
            try e.skip(1)
            let sec = try e.readU32()
            let nsec = try e.readU32()
            let priority = try e.readU16()
            let idle = try e.readU16()
            let hard = try e.readU16()
            let flags = try e.readU16()
            let importance = try e.readU16()
            try e.skip(2)
            let cookie = try e.readU64()
            let packets = try e.readU64()
            let bytes = try e.readU64()
            let match = try Match.read(from: &e)
            let instructions = try InstructionStorage.read(from: &e)
            var stats = FlowStats(
                tableID: table, durationSec: sec, durationNSec: nsec, priority: priority, idleTimeout: idle,
                hardTimeout: hard, flags: FlowModFlags(rawValue: flags), importance: importance, cookie: cookie,
                packetCount: packets, byteCount: bytes, match: match, instructions: [])
            stats.storedInstructions = instructions
            return stats
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        b.writeInteger(tableID)
        b.writeZeros(1)
        b.writeInteger(durationSec)
        b.writeInteger(durationNSec)
        b.writeInteger(priority)
        b.writeInteger(idleTimeout)
        b.writeInteger(hardTimeout)
        b.writeInteger(flags.rawValue)
        b.writeInteger(importance)
        b.writeZeros(2)
        b.writeInteger(cookie)
        b.writeInteger(packetCount)
        b.writeInteger(byteCount)
        match.write(into: &b)
        storedInstructions.write(into: &b)
        b.backfillLength16(at: len, from: start)
    }
}

/// OFPMP_AGGREGATE reply.
public struct AggregateStats: Hashable, Sendable {
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var flowCount: UInt32

    public init(packetCount: UInt64, byteCount: UInt64, flowCount: UInt32) {
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.flowCount = flowCount
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> Self {
        let packets = try b.readU64()
        let bytes = try b.readU64()
        let flows = try b.readU32()
        try b.skip(4)
        return Self(packetCount: packets, byteCount: bytes, flowCount: flows)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(packetCount)
        b.writeInteger(byteCount)
        b.writeInteger(flowCount)
        b.writeZeros(4)
    }
}

/// OFPMP_FLOW_MONITOR request body.
public struct FlowMonitorRequest: Hashable, Sendable {
    public struct Command: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let add = Self(rawValue: 0)
        public static let modify = Self(rawValue: 1)
        public static let delete = Self(rawValue: 2)
    }

    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let initial = Self(rawValue: 1 << 0)
        public static let add = Self(rawValue: 1 << 1)
        public static let removed = Self(rawValue: 1 << 2)
        public static let modify = Self(rawValue: 1 << 3)
        public static let instructions = Self(rawValue: 1 << 4)
        public static let noAbbrev = Self(rawValue: 1 << 5)
        public static let onlyOwn = Self(rawValue: 1 << 6)
    }

    public var monitorID: UInt32
    public var outPort: PortNumber
    public var outGroup: UInt32
    public var flags: Flags
    public var tableID: UInt8
    public var command: Command
    public var match: Match

    public init(
        monitorID: UInt32, outPort: PortNumber = .any, outGroup: UInt32 = GroupID.any, flags: Flags,
        tableID: UInt8 = TableID.all, command: Command = .add, match: Match = Match()
    ) {
        self.monitorID = monitorID
        self.outPort = outPort
        self.outGroup = outGroup
        self.flags = flags
        self.tableID = tableID
        self.command = command
        self.match = match
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> Self {
        let id = try b.readU32()
        let port = try b.readU32()
        let group = try b.readU32()
        let flags = try b.readU16()
        let table = try b.readU8()
        let command = try b.readU8()
        return Self(
            monitorID: id, outPort: PortNumber(port), outGroup: group, flags: Flags(rawValue: flags), tableID: table,
            command: Command(rawValue: command), match: try Match.read(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(monitorID)
        b.writeInteger(outPort.rawValue)
        b.writeInteger(outGroup)
        b.writeInteger(flags.rawValue)
        b.writeInteger(tableID)
        b.writeInteger(command.rawValue)
        match.write(into: &b)
    }
}

/// One entry of an OFPMP_FLOW_MONITOR reply.
public enum FlowUpdate: Hashable, Sendable {
    public struct Event: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let initial = Self(rawValue: 0)
        public static let added = Self(rawValue: 1)
        public static let removed = Self(rawValue: 2)
        public static let modified = Self(rawValue: 3)
        public static let abbreviated = Self(rawValue: 4)
        public static let paused = Self(rawValue: 5)
        public static let resumed = Self(rawValue: 6)
    }

    public struct Full: Hashable, Sendable {
        public var event: Event
        public var tableID: UInt8
        public var reason: UInt8
        public var idleTimeout: UInt16
        public var hardTimeout: UInt16
        public var priority: UInt16
        public var cookie: UInt64
        public var match: Match
        public var instructions: [Instruction]

        public init(
            event: Event, tableID: UInt8, reason: UInt8 = 0, idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0,
            priority: UInt16, cookie: UInt64 = 0, match: Match, instructions: [Instruction] = []
        ) {
            self.event = event
            self.tableID = tableID
            self.reason = reason
            self.idleTimeout = idleTimeout
            self.hardTimeout = hardTimeout
            self.priority = priority
            self.cookie = cookie
            self.match = match
            self.instructions = instructions
        }
    }

    /// INITIAL, ADDED, REMOVED, MODIFIED.
    case full(Full)
    case abbreviated(xid: UInt32)
    case paused
    case resumed
    case unknown(event: Event, body: ByteBuffer)

    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [FlowUpdate] {
        try readLengthPrefixed(from: &b, minimum: 8) { (e: inout WireReader) throws(OFDecodeError) in
            try e.skip(2)
            let event = Event(rawValue: try e.readU16())
            switch event {
            case .initial, .added, .removed, .modified:
                let table = try e.readU8()
                let reason = try e.readU8()
                let idle = try e.readU16()
                let hard = try e.readU16()
                let priority = try e.readU16()
                try e.skip(4)
                let cookie = try e.readU64()
                let match = try Match.read(from: &e)
                let instructions = try Instruction.readList(from: &e)
                return .full(
                    Full(
                        event: event, tableID: table, reason: reason, idleTimeout: idle, hardTimeout: hard,
                        priority: priority, cookie: cookie, match: match, instructions: instructions))
            case .abbreviated:
                return .abbreviated(xid: try e.readU32())
            case .paused, .resumed:
                try e.skip(4)
                guard e.readableBytes == 0 else {
                    throw OFDecodeError(.requestLen, "paused/resumed update longer than 8")
                }
                return event == .paused ? .paused : .resumed
            default:
                return .unknown(event: event, body: e.readRest())
            }
        }
    }

    func write(into b: inout ByteBuffer) {
        let start = b.writerIndex
        let len = b.reserveLength16()
        switch self {
        case .full(let f):
            b.writeInteger(f.event.rawValue)
            b.writeInteger(f.tableID)
            b.writeInteger(f.reason)
            b.writeInteger(f.idleTimeout)
            b.writeInteger(f.hardTimeout)
            b.writeInteger(f.priority)
            b.writeZeros(4)
            b.writeInteger(f.cookie)
            f.match.write(into: &b)
            Instruction.writeList(f.instructions, into: &b)
        case .abbreviated(let xid):
            b.writeInteger(Event.abbreviated.rawValue)
            b.writeInteger(xid)
        case .paused, .resumed:
            b.writeInteger(self == .paused ? Event.paused.rawValue : Event.resumed.rawValue)
            b.writeZeros(4)
        case .unknown(let event, let body):
            b.writeInteger(event.rawValue)
            b.writeImmutableBuffer(body)
        }
        b.backfillLength16(at: len, from: start)
    }
}
