import NIOCore

public struct MultipartType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let desc = Self(rawValue: 0)
    public static let flow = Self(rawValue: 1)
    public static let aggregate = Self(rawValue: 2)
    public static let table = Self(rawValue: 3)
    public static let portStats = Self(rawValue: 4)
    public static let queueStats = Self(rawValue: 5)
    public static let group = Self(rawValue: 6)
    public static let groupDesc = Self(rawValue: 7)
    public static let groupFeatures = Self(rawValue: 8)
    public static let meter = Self(rawValue: 9)
    public static let meterConfig = Self(rawValue: 10)
    public static let meterFeatures = Self(rawValue: 11)
    public static let tableFeatures = Self(rawValue: 12)
    public static let portDesc = Self(rawValue: 13)
    public static let tableDesc = Self(rawValue: 14)
    public static let queueDesc = Self(rawValue: 15)
    public static let flowMonitor = Self(rawValue: 16)
    public static let experimenter = Self(rawValue: 0xFFFF)
}

/// OFPMPF_REQ_MORE / OFPMPF_REPLY_MORE (the same bit in both directions).
public struct MultipartFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let more = Self(rawValue: 1 << 0)
}

/// OFPT_MULTIPART_REQUEST.
public struct MultipartRequest: Hashable, Sendable {
    public enum Body: Hashable, Sendable {
        case desc
        case flow(FlowStatsRequest)
        case aggregate(FlowStatsRequest)
        case table
        case portStats(port: PortNumber)
        case queueStats(port: PortNumber, queueID: UInt32)
        case group(groupID: UInt32)
        case groupDesc
        case groupFeatures
        case meter(meterID: UInt32)
        case meterConfig(meterID: UInt32)
        case meterFeatures
        /// Empty to query; non-empty to set the pipeline.
        case tableFeatures([TableFeatures])
        case portDesc
        case tableDesc
        case queueDesc(port: PortNumber, queueID: UInt32)
        case flowMonitor(FlowMonitorRequest)
        case experimenter(ExperimenterMessage)

        public var type: MultipartType {
            switch self {
            case .desc: .desc
            case .flow: .flow
            case .aggregate: .aggregate
            case .table: .table
            case .portStats: .portStats
            case .queueStats: .queueStats
            case .group: .group
            case .groupDesc: .groupDesc
            case .groupFeatures: .groupFeatures
            case .meter: .meter
            case .meterConfig: .meterConfig
            case .meterFeatures: .meterFeatures
            case .tableFeatures: .tableFeatures
            case .portDesc: .portDesc
            case .tableDesc: .tableDesc
            case .queueDesc: .queueDesc
            case .flowMonitor: .flowMonitor
            case .experimenter: .experimenter
            }
        }
    }

    public var flags: MultipartFlags
    public var body: Body

    public init(flags: MultipartFlags = [], _ body: Body) {
        self.flags = flags
        self.body = body
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> MultipartRequest {
        let type = MultipartType(rawValue: try b.readU16())
        let flags = MultipartFlags(rawValue: try b.readU16())
        try b.skip(4)
        let body: Body
        switch type {
        case .desc: body = .desc
        case .flow: body = .flow(try FlowStatsRequest.read(from: &b))
        case .aggregate: body = .aggregate(try FlowStatsRequest.read(from: &b))
        case .table: body = .table
        case .portStats:
            let port = try b.readU32()
            try b.skip(4)
            body = .portStats(port: PortNumber(port))
        case .queueStats: body = .queueStats(port: PortNumber(try b.readU32()), queueID: try b.readU32())
        case .group:
            let group = try b.readU32()
            try b.skip(4)
            body = .group(groupID: group)
        case .groupDesc: body = .groupDesc
        case .groupFeatures: body = .groupFeatures
        case .meter, .meterConfig:
            let meter = try b.readU32()
            try b.skip(4)
            body = type == .meter ? .meter(meterID: meter) : .meterConfig(meterID: meter)
        case .meterFeatures: body = .meterFeatures
        case .tableFeatures: body = .tableFeatures(try TableFeatures.readList(from: &b))
        case .portDesc: body = .portDesc
        case .tableDesc: body = .tableDesc
        case .queueDesc: body = .queueDesc(port: PortNumber(try b.readU32()), queueID: try b.readU32())
        case .flowMonitor: body = .flowMonitor(try FlowMonitorRequest.read(from: &b))
        case .experimenter: body = .experimenter(try ExperimenterMessage.read(from: &b))
        default:
            throw OFDecodeError(.badRequest(.badMultipart), "unknown multipart type \(type.rawValue)")
        }
        return MultipartRequest(flags: flags, body)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(body.type.rawValue)
        b.writeInteger(flags.rawValue)
        b.writeZeros(4)
        switch body {
        case .desc, .table, .groupDesc, .groupFeatures, .meterFeatures, .portDesc, .tableDesc: break
        case .flow(let r), .aggregate(let r): r.write(into: &b)
        case .portStats(let port):
            b.writeInteger(port.rawValue)
            b.writeZeros(4)
        case .queueStats(let port, let queue), .queueDesc(let port, let queue):
            b.writeInteger(port.rawValue)
            b.writeInteger(queue)
        case .group(let id), .meter(let id), .meterConfig(let id):
            b.writeInteger(id)
            b.writeZeros(4)
        case .tableFeatures(let list): for t in list { t.write(into: &b) }
        case .flowMonitor(let r): r.write(into: &b)
        case .experimenter(let e): e.write(into: &b)
        }
    }
}

/// OFPT_MULTIPART_REPLY.
public struct MultipartReply: Hashable, Sendable {
    public enum Body: Hashable, Sendable {
        case desc(SwitchDescription)
        case flow([FlowStats])
        case aggregate(AggregateStats)
        case table([TableStats])
        case portStats([PortStats])
        case queueStats([QueueStats])
        case group([GroupStats])
        case groupDesc([GroupDescription])
        case groupFeatures(GroupFeatures)
        case meter([MeterStats])
        case meterConfig([MeterConfig])
        case meterFeatures(MeterFeatures)
        case tableFeatures([TableFeatures])
        case portDesc([PortDescription])
        case tableDesc([TableDescription])
        case queueDesc([QueueDescription])
        case flowMonitor([FlowUpdate])
        case experimenter(ExperimenterMessage)

        public var type: MultipartType {
            switch self {
            case .desc: .desc
            case .flow: .flow
            case .aggregate: .aggregate
            case .table: .table
            case .portStats: .portStats
            case .queueStats: .queueStats
            case .group: .group
            case .groupDesc: .groupDesc
            case .groupFeatures: .groupFeatures
            case .meter: .meter
            case .meterConfig: .meterConfig
            case .meterFeatures: .meterFeatures
            case .tableFeatures: .tableFeatures
            case .portDesc: .portDesc
            case .tableDesc: .tableDesc
            case .queueDesc: .queueDesc
            case .flowMonitor: .flowMonitor
            case .experimenter: .experimenter
            }
        }
    }

    public var flags: MultipartFlags
    public var body: Body

    public init(flags: MultipartFlags = [], _ body: Body) {
        self.flags = flags
        self.body = body
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> MultipartReply {
        let type = MultipartType(rawValue: try b.readU16())
        let flags = MultipartFlags(rawValue: try b.readU16())
        try b.skip(4)
        let body: Body
        switch type {
        case .desc: body = .desc(try SwitchDescription.read(from: &b))
        case .flow: body = .flow(try FlowStats.readList(from: &b))
        case .aggregate: body = .aggregate(try AggregateStats.read(from: &b))
        case .table: body = .table(try TableStats.readList(from: &b))
        case .portStats: body = .portStats(try PortStats.readList(from: &b))
        case .queueStats: body = .queueStats(try QueueStats.readList(from: &b))
        case .group: body = .group(try GroupStats.readList(from: &b))
        case .groupDesc: body = .groupDesc(try GroupDescription.readList(from: &b))
        case .groupFeatures: body = .groupFeatures(try GroupFeatures.read(from: &b))
        case .meter: body = .meter(try MeterStats.readList(from: &b))
        case .meterConfig: body = .meterConfig(try MeterConfig.readList(from: &b))
        case .meterFeatures: body = .meterFeatures(try MeterFeatures.read(from: &b))
        case .tableFeatures: body = .tableFeatures(try TableFeatures.readList(from: &b))
        case .portDesc:
            var ports = [PortDescription]()
            while b.readableBytes > 0 { ports.append(try PortDescription.read(from: &b)) }
            body = .portDesc(ports)
        case .tableDesc: body = .tableDesc(try TableDescription.readList(from: &b))
        case .queueDesc: body = .queueDesc(try QueueDescription.readList(from: &b))
        case .flowMonitor: body = .flowMonitor(try FlowUpdate.readList(from: &b))
        case .experimenter: body = .experimenter(try ExperimenterMessage.read(from: &b))
        default:
            throw OFDecodeError(.badRequest(.badMultipart), "unknown multipart type \(type.rawValue)")
        }
        return MultipartReply(flags: flags, body)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(body.type.rawValue)
        b.writeInteger(flags.rawValue)
        b.writeZeros(4)
        switch body {
        case .desc(let d): d.write(into: &b)
        case .flow(let list): for e in list { e.write(into: &b) }
        case .aggregate(let a): a.write(into: &b)
        case .table(let list): for e in list { e.write(into: &b) }
        case .portStats(let list): for e in list { e.write(into: &b) }
        case .queueStats(let list): for e in list { e.write(into: &b) }
        case .group(let list): for e in list { e.write(into: &b) }
        case .groupDesc(let list): for e in list { e.write(into: &b) }
        case .groupFeatures(let f): f.write(into: &b)
        case .meter(let list): for e in list { e.write(into: &b) }
        case .meterConfig(let list): for e in list { e.write(into: &b) }
        case .meterFeatures(let f): f.write(into: &b)
        case .tableFeatures(let list): for e in list { e.write(into: &b) }
        case .portDesc(let list): for e in list { e.write(into: &b) }
        case .tableDesc(let list): for e in list { e.write(into: &b) }
        case .queueDesc(let list): for e in list { e.write(into: &b) }
        case .flowMonitor(let list): for e in list { e.write(into: &b) }
        case .experimenter(let e): e.write(into: &b)
        }
    }
}

/// OFPMP_DESC reply.
public struct SwitchDescription: Hashable, Sendable {
    public var manufacturer: String
    public var hardware: String
    public var software: String
    public var serialNumber: String
    public var datapath: String

    public init(
        manufacturer: String = "", hardware: String = "", software: String = "", serialNumber: String = "",
        datapath: String = ""
    ) {
        self.manufacturer = manufacturer
        self.hardware = hardware
        self.software = software
        self.serialNumber = serialNumber
        self.datapath = datapath
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> Self {
        Self(
            manufacturer: try b.readFixedString(256), hardware: try b.readFixedString(256),
            software: try b.readFixedString(256),
            serialNumber: try b.readFixedString(32), datapath: try b.readFixedString(256))
    }

    func write(into b: inout ByteBuffer) {
        b.writeFixedString(manufacturer, length: 256)
        b.writeFixedString(hardware, length: 256)
        b.writeFixedString(software, length: 256)
        b.writeFixedString(serialNumber, length: 32)
        b.writeFixedString(datapath, length: 256)
    }
}

/// Reads entries that each start with their own 16-bit length (at `lengthOffset`), handing
/// `parse` exactly one entry's bytes.
@inline(__always)
func readLengthPrefixed<T>(
    from b: inout WireReader, lengthOffset: Int = 0, minimum: Int,
    _ parse: (inout WireReader) throws(OFDecodeError) -> T
) throws(OFDecodeError) -> [T] {
    var list = [T]()
    while b.readableBytes > 0 {
        guard let len16 = b.peekU16(at: lengthOffset) else {
            throw OFDecodeError(.requestLen, "truncated entry header")
        }
        let length = Int(len16)
        guard length >= minimum else { throw OFDecodeError(.requestLen, "entry shorter than its fixed part") }
        var entry = try b.readBytes(length)
        list.append(try parse(&entry))
        guard entry.readableBytes == 0 else { throw OFDecodeError(.requestLen, "entry has trailing bytes") }
    }
    return list
}
