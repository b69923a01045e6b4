import NIOCore

/// Which asynchronous messages a controller receives, per role (GET_ASYNC_REPLY, SET_ASYNC).
public enum AsyncConfigProperty: Hashable, Sendable, PropertyFamily {
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let packetInSlave = Self(rawValue: 0)
        public static let packetInMaster = Self(rawValue: 1)
        public static let portStatusSlave = Self(rawValue: 2)
        public static let portStatusMaster = Self(rawValue: 3)
        public static let flowRemovedSlave = Self(rawValue: 4)
        public static let flowRemovedMaster = Self(rawValue: 5)
        public static let roleStatusSlave = Self(rawValue: 6)
        public static let roleStatusMaster = Self(rawValue: 7)
        public static let tableStatusSlave = Self(rawValue: 8)
        public static let tableStatusMaster = Self(rawValue: 9)
        public static let requestForwardSlave = Self(rawValue: 10)
        public static let requestForwardMaster = Self(rawValue: 11)
    }

    /// A reason bitmap for one message kind and role.
    case mask(Kind, UInt32)
    case experimenter(ExperimenterProperty, master: Bool)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> AsyncConfigProperty? {
        switch type {
        case 0...11:
            guard p.readableBytes == 4 else {
                throw OFDecodeError(.propertyLen, "async mask property must be 8 bytes")
            }
            return .mask(Kind(rawValue: type), try p.readU32(.propertyLen))
        default: return nil
        }
    }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> AsyncConfigProperty)? {
        type == 0xFFFE || type == 0xFFFF ? { .experimenter($0, master: type == 0xFFFF) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .mask(let kind, let mask): writeProperty(type: kind.rawValue, into: &b) { $0.writeInteger(mask) }
        case .experimenter(let e, let master):
            writeProperty(type: master ? 0xFFFF : 0xFFFE, into: &b) { b in
                b.writeInteger(e.experimenter)
                b.writeInteger(e.expType)
                b.writeImmutableBuffer(e.data)
            }
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// Body of GET_ASYNC_REPLY and SET_ASYNC.
public struct AsyncConfig: Hashable, Sendable {
    public var properties: [AsyncConfigProperty]
    public init(properties: [AsyncConfigProperty]) { self.properties = properties }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> AsyncConfig {
        AsyncConfig(properties: try AsyncConfigProperty.readList(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        for p in properties { p.write(into: &b) }
    }
}
