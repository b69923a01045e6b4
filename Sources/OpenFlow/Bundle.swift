import NIOCore

public struct BundleControlType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let openRequest = Self(rawValue: 0)
    public static let openReply = Self(rawValue: 1)
    public static let closeRequest = Self(rawValue: 2)
    public static let closeReply = Self(rawValue: 3)
    public static let commitRequest = Self(rawValue: 4)
    public static let commitReply = Self(rawValue: 5)
    public static let discardRequest = Self(rawValue: 6)
    public static let discardReply = Self(rawValue: 7)
}

public struct BundleFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let atomic = Self(rawValue: 1 << 0)
    public static let ordered = Self(rawValue: 1 << 1)
}

/// Bundle properties: the spec defines only experimenter ones.
public enum BundleProperty: Hashable, Sendable, PropertyFamily {
    case experimenter(ExperimenterProperty)
    case unknown(RawProperty)

    static func decode(type: UInt16, payload p: inout WireReader) throws(OFDecodeError) -> BundleProperty? { nil }

    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> BundleProperty)? {
        type == 0xFFFF ? { .experimenter($0) } : nil
    }

    func write(into b: inout ByteBuffer) {
        switch self {
        case .experimenter(let e): e.write(into: &b)
        case .unknown(let r): r.write(into: &b)
        }
    }
}

/// OFPT_BUNDLE_CONTROL.
public struct BundleControl: Hashable, Sendable {
    public var bundleID: UInt32
    public var type: BundleControlType
    public var flags: BundleFlags
    public var properties: [BundleProperty]

    public init(bundleID: UInt32, type: BundleControlType, flags: BundleFlags = [], properties: [BundleProperty] = []) {
        self.bundleID = bundleID
        self.type = type
        self.flags = flags
        self.properties = properties
    }

    static func read(from b: inout WireReader) throws(OFDecodeError) -> BundleControl {
        let id = try b.readU32()
        let type = try b.readU16()
        let flags = try b.readU16()
        return BundleControl(
            bundleID: id, type: BundleControlType(rawValue: type), flags: BundleFlags(rawValue: flags),
            properties: try BundleProperty.readList(from: &b))
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(bundleID)
        b.writeInteger(type.rawValue)
        b.writeInteger(flags.rawValue)
        for p in properties { p.write(into: &b) }
    }
}

/// OFPT_BUNDLE_ADD_MESSAGE: one message to apply as part of a bundle.
public struct BundleAdd: Hashable, Sendable {
    public var bundleID: UInt32
    public var flags: BundleFlags
    /// The wrapped request. The spec requires its xid to equal the outer message's.
    public var message: OFMessage
    public var properties: [BundleProperty]

    public init(bundleID: UInt32, flags: BundleFlags = [], message: OFMessage, properties: [BundleProperty] = []) {
        self.bundleID = bundleID
        self.flags = flags
        self.message = message
        self.properties = properties
    }

    static func read(from b: inout WireReader, outerVersion: UInt8) throws(OFDecodeError) -> BundleAdd {
        let id = try b.readU32()
        try b.skip(2)
        let flags = try b.readU16()
        guard let inner = b.peekHeader() else {
            throw OFDecodeError(.bundleFailed(.messageBadLen), "bundled message shorter than a header")
        }
        guard inner.length >= 8, Int(inner.length) <= b.readableBytes else {
            throw OFDecodeError(.bundleFailed(.messageBadLen), "bundled message length \(inner.length) does not fit")
        }
        guard inner.version == outerVersion else {
            throw OFDecodeError(.badRequest(.badVersion), "bundled message version differs from the bundle's")
        }
        // A bundle may not carry bundle messages (OVS answers OFPBFC_MSG_UNSUP, as do we).
        guard inner.type != .bundleControl, inner.type != .bundleAddMessage else {
            throw OFDecodeError(.bundleFailed(.messageUnsupported), "bundle message nested inside a bundle")
        }
        let message: OFMessage
        do throws(OFDecodeError) {
            message = try OFMessage.read(reader: &b)
        } catch {
            throw OFDecodeError(.bundleFailed(.messageUnsupported), "bundled message does not decode: \(error.reason)")
        }
        var properties = [BundleProperty]()
        if b.readableBytes > 0 {
            try b.skip(paddingTo8(Int(inner.length)))
            properties = try BundleProperty.readList(from: &b)
        }
        return BundleAdd(
            bundleID: id, flags: flags == 0 ? [] : BundleFlags(rawValue: flags), message: message,
            properties: properties)
    }

    func write(into b: inout ByteBuffer) {
        b.writeInteger(bundleID)
        b.writeZeros(2)
        b.writeInteger(flags.rawValue)
        let start = b.writerIndex
        message.write(into: &b)
        if !properties.isEmpty {
            b.padTo8(from: start)
            for p in properties { p.write(into: &b) }
        }
    }
}
