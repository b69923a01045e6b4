// OpenFlow 1.4 error types and codes as open enums: a code this library does not name still
// decodes, prints its number, and re-encodes unchanged.

public struct OFErrorType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let helloFailed = OFErrorType(rawValue: 0)
    public static let badRequest = OFErrorType(rawValue: 1)
    public static let badAction = OFErrorType(rawValue: 2)
    public static let badInstruction = OFErrorType(rawValue: 3)
    public static let badMatch = OFErrorType(rawValue: 4)
    public static let flowModFailed = OFErrorType(rawValue: 5)
    public static let groupModFailed = OFErrorType(rawValue: 6)
    public static let portModFailed = OFErrorType(rawValue: 7)
    public static let tableModFailed = OFErrorType(rawValue: 8)
    public static let queueOpFailed = OFErrorType(rawValue: 9)
    public static let switchConfigFailed = OFErrorType(rawValue: 10)
    public static let roleRequestFailed = OFErrorType(rawValue: 11)
    public static let meterModFailed = OFErrorType(rawValue: 12)
    public static let tableFeaturesFailed = OFErrorType(rawValue: 13)
    public static let badProperty = OFErrorType(rawValue: 14)
    public static let asyncConfigFailed = OFErrorType(rawValue: 15)
    public static let flowMonitorFailed = OFErrorType(rawValue: 16)
    public static let bundleFailed = OFErrorType(rawValue: 17)
    public static let experimenter = OFErrorType(rawValue: 0xFFFF)
}

/// A (type, code) pair. The per-type code structs below give the names; `OFErrorCode`
/// itself is what travels in errors and messages.
public struct OFErrorCode: Hashable, Sendable {
    public var type: OFErrorType
    public var code: UInt16
    public init(type: OFErrorType, code: UInt16) {
        self.type = type
        self.code = code
    }

    public static func helloFailed(_ c: HelloFailed) -> OFErrorCode { .init(type: .helloFailed, code: c.rawValue) }
    public static func badRequest(_ c: BadRequest) -> OFErrorCode { .init(type: .badRequest, code: c.rawValue) }
    public static func badAction(_ c: BadAction) -> OFErrorCode { .init(type: .badAction, code: c.rawValue) }
    public static func badInstruction(_ c: BadInstruction) -> OFErrorCode {
        .init(type: .badInstruction, code: c.rawValue)
    }
    public static func badMatch(_ c: BadMatch) -> OFErrorCode { .init(type: .badMatch, code: c.rawValue) }
    public static func flowModFailed(_ c: FlowModFailed) -> OFErrorCode {
        .init(type: .flowModFailed, code: c.rawValue)
    }
    public static func groupModFailed(_ c: GroupModFailed) -> OFErrorCode {
        .init(type: .groupModFailed, code: c.rawValue)
    }
    public static func portModFailed(_ c: PortModFailed) -> OFErrorCode {
        .init(type: .portModFailed, code: c.rawValue)
    }
    public static func tableModFailed(_ c: TableModFailed) -> OFErrorCode {
        .init(type: .tableModFailed, code: c.rawValue)
    }
    public static func queueOpFailed(_ c: QueueOpFailed) -> OFErrorCode {
        .init(type: .queueOpFailed, code: c.rawValue)
    }
    public static func switchConfigFailed(_ c: SwitchConfigFailed) -> OFErrorCode {
        .init(type: .switchConfigFailed, code: c.rawValue)
    }
    public static func roleRequestFailed(_ c: RoleRequestFailed) -> OFErrorCode {
        .init(type: .roleRequestFailed, code: c.rawValue)
    }
    public static func meterModFailed(_ c: MeterModFailed) -> OFErrorCode {
        .init(type: .meterModFailed, code: c.rawValue)
    }
    public static func tableFeaturesFailed(_ c: TableFeaturesFailed) -> OFErrorCode {
        .init(type: .tableFeaturesFailed, code: c.rawValue)
    }
    public static func badProperty(_ c: BadProperty) -> OFErrorCode { .init(type: .badProperty, code: c.rawValue) }
    public static func asyncConfigFailed(_ c: AsyncConfigFailed) -> OFErrorCode {
        .init(type: .asyncConfigFailed, code: c.rawValue)
    }
    public static func flowMonitorFailed(_ c: FlowMonitorFailed) -> OFErrorCode {
        .init(type: .flowMonitorFailed, code: c.rawValue)
    }
    public static func bundleFailed(_ c: BundleFailed) -> OFErrorCode { .init(type: .bundleFailed, code: c.rawValue) }
}

extension OFErrorCode {
    public struct HelloFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let incompatible = Self(rawValue: 0)
        public static let eperm = Self(rawValue: 1)
    }

    public struct BadRequest: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badVersion = Self(rawValue: 0)
        public static let badType = Self(rawValue: 1)
        public static let badMultipart = Self(rawValue: 2)
        public static let badExperimenter = Self(rawValue: 3)
        public static let badExpType = Self(rawValue: 4)
        public static let eperm = Self(rawValue: 5)
        public static let badLen = Self(rawValue: 6)
        public static let bufferEmpty = Self(rawValue: 7)
        public static let bufferUnknown = Self(rawValue: 8)
        public static let badTableID = Self(rawValue: 9)
        public static let isSlave = Self(rawValue: 10)
        public static let badPort = Self(rawValue: 11)
        public static let badPacket = Self(rawValue: 12)
        public static let multipartBufferOverflow = Self(rawValue: 13)
        public static let multipartRequestTimeout = Self(rawValue: 14)
        public static let multipartReplyTimeout = Self(rawValue: 15)
    }

    public struct BadAction: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badType = Self(rawValue: 0)
        public static let badLen = Self(rawValue: 1)
        public static let badExperimenter = Self(rawValue: 2)
        public static let badExpType = Self(rawValue: 3)
        public static let badOutPort = Self(rawValue: 4)
        public static let badArgument = Self(rawValue: 5)
        public static let eperm = Self(rawValue: 6)
        public static let tooMany = Self(rawValue: 7)
        public static let badQueue = Self(rawValue: 8)
        public static let badOutGroup = Self(rawValue: 9)
        public static let matchInconsistent = Self(rawValue: 10)
        public static let unsupportedOrder = Self(rawValue: 11)
        public static let badTag = Self(rawValue: 12)
        public static let badSetType = Self(rawValue: 13)
        public static let badSetLen = Self(rawValue: 14)
        public static let badSetArgument = Self(rawValue: 15)
    }

    public struct BadInstruction: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let unknownInstruction = Self(rawValue: 0)
        public static let unsupportedInstruction = Self(rawValue: 1)
        public static let badTableID = Self(rawValue: 2)
        public static let unsupportedMetadata = Self(rawValue: 3)
        public static let unsupportedMetadataMask = Self(rawValue: 4)
        public static let badExperimenter = Self(rawValue: 5)
        public static let badExpType = Self(rawValue: 6)
        public static let badLen = Self(rawValue: 7)
        public static let eperm = Self(rawValue: 8)
        public static let duplicateInstruction = Self(rawValue: 9)
    }

    public struct BadMatch: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badType = Self(rawValue: 0)
        public static let badLen = Self(rawValue: 1)
        public static let badTag = Self(rawValue: 2)
        public static let badDLAddrMask = Self(rawValue: 3)
        public static let badNWAddrMask = Self(rawValue: 4)
        public static let badWildcards = Self(rawValue: 5)
        public static let badField = Self(rawValue: 6)
        public static let badValue = Self(rawValue: 7)
        public static let badMask = Self(rawValue: 8)
        public static let badPrereq = Self(rawValue: 9)
        public static let duplicateField = Self(rawValue: 10)
        public static let eperm = Self(rawValue: 11)
    }

    public struct FlowModFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let unknown = Self(rawValue: 0)
        public static let tableFull = Self(rawValue: 1)
        public static let badTableID = Self(rawValue: 2)
        public static let overlap = Self(rawValue: 3)
        public static let eperm = Self(rawValue: 4)
        public static let badTimeout = Self(rawValue: 5)
        public static let badCommand = Self(rawValue: 6)
        public static let badFlags = Self(rawValue: 7)
        public static let cantSync = Self(rawValue: 8)
        public static let badPriority = Self(rawValue: 9)
        public static let isSync = Self(rawValue: 10)
    }

    public struct GroupModFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let groupExists = Self(rawValue: 0)
        public static let invalidGroup = Self(rawValue: 1)
        public static let weightUnsupported = Self(rawValue: 2)
        public static let outOfGroups = Self(rawValue: 3)
        public static let outOfBuckets = Self(rawValue: 4)
        public static let chainingUnsupported = Self(rawValue: 5)
        public static let watchUnsupported = Self(rawValue: 6)
        public static let loop = Self(rawValue: 7)
        public static let unknownGroup = Self(rawValue: 8)
        public static let chainedGroup = Self(rawValue: 9)
        public static let badType = Self(rawValue: 10)
        public static let badCommand = Self(rawValue: 11)
        public static let badBucket = Self(rawValue: 12)
        public static let badWatch = Self(rawValue: 13)
        public static let eperm = Self(rawValue: 14)
    }

    public struct PortModFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badPort = Self(rawValue: 0)
        public static let badHWAddr = Self(rawValue: 1)
        public static let badConfig = Self(rawValue: 2)
        public static let badAdvertise = Self(rawValue: 3)
        public static let eperm = Self(rawValue: 4)
    }

    public struct TableModFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badTable = Self(rawValue: 0)
        public static let badConfig = Self(rawValue: 1)
        public static let eperm = Self(rawValue: 2)
    }

    public struct QueueOpFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badPort = Self(rawValue: 0)
        public static let badQueue = Self(rawValue: 1)
        public static let eperm = Self(rawValue: 2)
    }

    public struct SwitchConfigFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badFlags = Self(rawValue: 0)
        public static let badLen = Self(rawValue: 1)
        public static let eperm = Self(rawValue: 2)
    }

    public struct RoleRequestFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let stale = Self(rawValue: 0)
        public static let unsupported = Self(rawValue: 1)
        public static let badRole = Self(rawValue: 2)
    }

    public struct MeterModFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let unknown = Self(rawValue: 0)
        public static let meterExists = Self(rawValue: 1)
        public static let invalidMeter = Self(rawValue: 2)
        public static let unknownMeter = Self(rawValue: 3)
        public static let badCommand = Self(rawValue: 4)
        public static let badFlags = Self(rawValue: 5)
        public static let badRate = Self(rawValue: 6)
        public static let badBurst = Self(rawValue: 7)
        public static let badBand = Self(rawValue: 8)
        public static let badBandValue = Self(rawValue: 9)
        public static let outOfMeters = Self(rawValue: 10)
        public static let outOfBands = Self(rawValue: 11)
    }

    public struct TableFeaturesFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badTable = Self(rawValue: 0)
        public static let badMetadata = Self(rawValue: 1)
        public static let eperm = Self(rawValue: 5)
    }

    public struct BadProperty: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let badType = Self(rawValue: 0)
        public static let badLen = Self(rawValue: 1)
        public static let badValue = Self(rawValue: 2)
        public static let tooMany = Self(rawValue: 3)
        public static let duplicateType = Self(rawValue: 4)
        public static let badExperimenter = Self(rawValue: 5)
        public static let badExpType = Self(rawValue: 6)
        public static let badExpValue = Self(rawValue: 7)
        public static let eperm = Self(rawValue: 8)
    }

    public struct AsyncConfigFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let invalid = Self(rawValue: 0)
        public static let unsupported = Self(rawValue: 1)
        public static let eperm = Self(rawValue: 2)
    }

    public struct FlowMonitorFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let unknown = Self(rawValue: 0)
        public static let monitorExists = Self(rawValue: 1)
        public static let invalidMonitor = Self(rawValue: 2)
        public static let unknownMonitor = Self(rawValue: 3)
        public static let badCommand = Self(rawValue: 4)
        public static let badFlags = Self(rawValue: 5)
        public static let badTableID = Self(rawValue: 6)
        public static let badOut = Self(rawValue: 7)
    }

    public struct BundleFailed: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let unknown = Self(rawValue: 0)
        public static let eperm = Self(rawValue: 1)
        public static let badID = Self(rawValue: 2)
        public static let bundleExists = Self(rawValue: 3)
        public static let bundleClosed = Self(rawValue: 4)
        public static let outOfBundles = Self(rawValue: 5)
        public static let badType = Self(rawValue: 6)
        public static let badFlags = Self(rawValue: 7)
        public static let messageBadLen = Self(rawValue: 8)
        public static let messageBadXID = Self(rawValue: 9)
        public static let messageUnsupported = Self(rawValue: 10)
        public static let messageConflict = Self(rawValue: 11)
        public static let messageTooMany = Self(rawValue: 12)
        public static let messageFailed = Self(rawValue: 13)
        public static let timeout = Self(rawValue: 14)
        public static let bundleInProgress = Self(rawValue: 15)
    }
}
