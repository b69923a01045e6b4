import NIOCore

public enum OpenFlowVersion {
    /// OpenFlow 1.4, the only version whose bodies this library decodes.
    public static let wire: UInt8 = 0x05
}

public struct OFMessageType: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let hello = Self(rawValue: 0)
    public static let error = Self(rawValue: 1)
    public static let echoRequest = Self(rawValue: 2)
    public static let echoReply = Self(rawValue: 3)
    public static let experimenter = Self(rawValue: 4)
    public static let featuresRequest = Self(rawValue: 5)
    public static let featuresReply = Self(rawValue: 6)
    public static let getConfigRequest = Self(rawValue: 7)
    public static let getConfigReply = Self(rawValue: 8)
    public static let setConfig = Self(rawValue: 9)
    public static let packetIn = Self(rawValue: 10)
    public static let flowRemoved = Self(rawValue: 11)
    public static let portStatus = Self(rawValue: 12)
    public static let packetOut = Self(rawValue: 13)
    public static let flowMod = Self(rawValue: 14)
    public static let groupMod = Self(rawValue: 15)
    public static let portMod = Self(rawValue: 16)
    public static let tableMod = Self(rawValue: 17)
    public static let multipartRequest = Self(rawValue: 18)
    public static let multipartReply = Self(rawValue: 19)
    public static let barrierRequest = Self(rawValue: 20)
    public static let barrierReply = Self(rawValue: 21)
    public static let roleRequest = Self(rawValue: 24)
    public static let roleReply = Self(rawValue: 25)
    public static let getAsyncRequest = Self(rawValue: 26)
    public static let getAsyncReply = Self(rawValue: 27)
    public static let setAsync = Self(rawValue: 28)
    public static let meterMod = Self(rawValue: 29)
    public static let roleStatus = Self(rawValue: 30)
    public static let tableStatus = Self(rawValue: 31)
    public static let requestForward = Self(rawValue: 32)
    public static let bundleControl = Self(rawValue: 33)
    public static let bundleAddMessage = Self(rawValue: 34)
}

/// The fixed 8-byte header every OpenFlow message of every version starts with.
public struct OFHeader: Hashable, Sendable {
    public static let size = 8

    public var version: UInt8
    public var type: OFMessageType
    public var length: UInt16
    public var xid: UInt32

    public init(version: UInt8, type: OFMessageType, length: UInt16, xid: UInt32) {
        self.version = version
        self.type = type
        self.length = length
        self.xid = xid
    }

    /// Reads the header at the reader index without consuming it; nil if fewer than 8 bytes.
    public static func peek(_ buffer: ByteBuffer) -> OFHeader? {
        let at = buffer.readerIndex
        guard buffer.readableBytes >= size,
            let version = buffer.getInteger(at: at, as: UInt8.self),
            let type = buffer.getInteger(at: at + 1, as: UInt8.self),
            let length = buffer.getInteger(at: at + 2, as: UInt16.self),
            let xid = buffer.getInteger(at: at + 4, as: UInt32.self)
        else { return nil }
        return OFHeader(version: version, type: OFMessageType(rawValue: type), length: length, xid: xid)
    }
}
