/// A 32-bit OpenFlow port number; reserved ports are named.
public struct PortNumber: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ value: UInt32) { self.rawValue = value }
    public init(integerLiteral value: UInt32) { self.rawValue = value }

    public static let max = Self(rawValue: 0xFFFF_FF00)
    public static let unset = Self(rawValue: 0xFFFF_FFF7)
    public static let inPort = Self(rawValue: 0xFFFF_FFF8)
    public static let table = Self(rawValue: 0xFFFF_FFF9)
    public static let normal = Self(rawValue: 0xFFFF_FFFA)
    public static let flood = Self(rawValue: 0xFFFF_FFFB)
    public static let all = Self(rawValue: 0xFFFF_FFFC)
    public static let controller = Self(rawValue: 0xFFFF_FFFD)
    public static let local = Self(rawValue: 0xFFFF_FFFE)
    public static let any = Self(rawValue: 0xFFFF_FFFF)

    public var description: String {
        switch self {
        case .inPort: "IN_PORT"
        case .table: "TABLE"
        case .normal: "NORMAL"
        case .flood: "FLOOD"
        case .all: "ALL"
        case .controller: "CONTROLLER"
        case .local: "LOCAL"
        case .any: "ANY"
        case .unset: "UNSET"
        default: String(rawValue)
        }
    }
}

/// Group identifiers: numbered groups plus the reserved ALL/ANY.
public enum GroupID {
    public static let max: UInt32 = 0xFFFF_FF00
    public static let all: UInt32 = 0xFFFF_FFFC
    public static let any: UInt32 = 0xFFFF_FFFF
}

public enum TableID {
    public static let max: UInt8 = 0xFE
    public static let all: UInt8 = 0xFF
}

public enum BufferID {
    public static let noBuffer: UInt32 = 0xFFFF_FFFF
}

public enum MeterID {
    public static let max: UInt32 = 0xFFFF_0000
    public static let slowPath: UInt32 = 0xFFFF_FFFD
    public static let controller: UInt32 = 0xFFFF_FFFE
    public static let all: UInt32 = 0xFFFF_FFFF
}

public enum ExperimenterID {
    public static let nicira: UInt32 = 0x0000_2320
    public static let onf: UInt32 = 0x4F4E_4600
}

/// A 48-bit Ethernet address.
public struct EthernetAddress: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64  // low 48 bits
    public init(_ rawValue: UInt64) { self.rawValue = rawValue & 0xFFFF_FFFF_FFFF }

    public var description: String {
        var out = ""
        for i in stride(from: 40, through: 0, by: -8) {
            let byte = UInt8(truncatingIfNeeded: rawValue >> UInt64(i))
            if !out.isEmpty { out += ":" }
            out += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return out
    }
}
