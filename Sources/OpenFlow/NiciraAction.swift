import NIOCore

/// Nicira (OVS) experimenter actions, vendor id 0x00002320. Subtypes this library does not
/// model (learn, bundle, sample, ...) are kept raw.
public enum NiciraAction: Hashable, Sendable {
    case resubmit(inPort: UInt16)
    case resubmitTable(inPort: UInt16, table: UInt8)
    /// resubmit(...,ct): resubmit using the conntrack original-direction tuple.
    case resubmitTableCT(inPort: UInt16, table: UInt8)
    case setTunnel(UInt32)
    case setTunnel64(UInt64)
    case popQueue
    case regMove(RegMove)
    case regLoad(RegLoad)
    /// NXAST_REG_LOAD2: set a field (usually an NXM one) with an optional mask.
    case regLoad2(OXMField)
    /// Raw note bytes, including the zero bytes that pad the action to 8.
    case note([UInt8])
    case exit
    case decTTLControllerIDs([UInt16])
    case outputReg(OutputReg)
    /// OUTPUT_REG2 carries the same information with room for 64-bit experimenter headers.
    case outputReg2(OutputReg)
    /// `clause` is as on the wire (ovs-ofctl shows it plus one).
    case conjunction(id: UInt32, clause: UInt8, clauses: UInt8)
    case ct(Conntrack)
    case nat(NAT)
    case ctClear
    case controller(maxLength: UInt16, controllerID: UInt16, reason: UInt8)
    case controller2([Controller2Property])
    /// `body` is everything after the subtype, padding included.
    case unknown(subtype: UInt16, body: ByteBuffer)

    public struct RegMove: Hashable, Sendable {
        public var nBits: UInt16
        public var srcOffset: UInt16
        public var dstOffset: UInt16
        public var src: OXMHeader
        public var dst: OXMHeader
        public init(nBits: UInt16, srcOffset: UInt16 = 0, dstOffset: UInt16 = 0, src: OXMHeader, dst: OXMHeader) {
            self.nBits = nBits
            self.srcOffset = srcOffset
            self.dstOffset = dstOffset
            self.src = src
            self.dst = dst
        }
    }

    public struct RegLoad: Hashable, Sendable {
        public var offset: UInt16
        public var nBits: UInt8
        /// A 4-byte NXM header (this action has no room for experimenter ones).
        public var dst: OXMHeader
        public var value: UInt64
        public init(offset: UInt16 = 0, nBits: UInt8, dst: OXMHeader, value: UInt64) {
            self.offset = offset
            self.nBits = nBits
            self.dst = dst
            self.value = value
        }
    }

    public struct OutputReg: Hashable, Sendable {
        public var src: OXMHeader
        public var offset: UInt16
        public var nBits: UInt8
        public var maxLength: UInt16
        public init(src: OXMHeader, offset: UInt16 = 0, nBits: UInt8, maxLength: UInt16 = 0) {
            self.src = src
            self.offset = offset
            self.nBits = nBits
            self.maxLength = maxLength
        }
    }

    public struct Conntrack: Hashable, Sendable {
        public struct Flags: OptionSet, Hashable, Sendable {
            public let rawValue: UInt16
            public init(rawValue: UInt16) { self.rawValue = rawValue }
            public static let commit = Self(rawValue: 1 << 0)
            public static let force = Self(rawValue: 1 << 1)
        }

        public enum Zone: Hashable, Sendable {
            case immediate(UInt16)
            case field(OXMHeader, offset: UInt16, nBits: UInt8)
        }

        public static let noRecirculation: UInt8 = 0xFF

        public var flags: Flags
        public var zone: Zone
        public var recirculateTable: UInt8
        public var alg: UInt16
        public var actions: [Action]

        public init(
            flags: Flags = [], zone: Zone = .immediate(0), recirculateTable: UInt8 = Conntrack.noRecirculation,
            alg: UInt16 = 0, actions: [Action] = []
        ) {
            self.flags = flags
            self.zone = zone
            self.recirculateTable = recirculateTable
            self.alg = alg
            self.actions = actions
        }
    }

    public struct NAT: Hashable, Sendable {
        public struct Flags: OptionSet, Hashable, Sendable {
            public let rawValue: UInt16
            public init(rawValue: UInt16) { self.rawValue = rawValue }
            public static let src = Self(rawValue: 1 << 0)
            public static let dst = Self(rawValue: 1 << 1)
            public static let persistent = Self(rawValue: 1 << 2)
            public static let protoHash = Self(rawValue: 1 << 3)
            public static let protoRandom = Self(rawValue: 1 << 4)
        }

        public var flags: Flags
        public var ipv4Min: UInt32?
        public var ipv4Max: UInt32?
        public var ipv6Min: UInt128?
        public var ipv6Max: UInt128?
        public var portMin: UInt16?
        public var portMax: UInt16?

        public init(
            flags: Flags = [], ipv4Min: UInt32? = nil, ipv4Max: UInt32? = nil, ipv6Min: UInt128? = nil,
            ipv6Max: UInt128? = nil, portMin: UInt16? = nil, portMax: UInt16? = nil
        ) {
            self.flags = flags
            self.ipv4Min = ipv4Min
            self.ipv4Max = ipv4Max
            self.ipv6Min = ipv6Min
            self.ipv6Max = ipv6Max
            self.portMin = portMin
            self.portMax = portMax
        }

        /// The range-present bitmap is derived from which bounds are set.
        var rangePresent: UInt16 {
            var r: UInt16 = 0
            if ipv4Min != nil { r |= 1 << 0 }
            if ipv4Max != nil { r |= 1 << 1 }
            if ipv6Min != nil { r |= 1 << 2 }
            if ipv6Max != nil { r |= 1 << 3 }
            if portMin != nil { r |= 1 << 4 }
            if portMax != nil { r |= 1 << 5 }
            return r
        }
    }

    public enum Controller2Property: Hashable, Sendable {
        case maxLength(UInt16)
        case controllerID(UInt16)
        case reason(UInt8)
        case userdata([UInt8])
        case pause
        case meterID(UInt32)
        case unknown(type: UInt16, payload: ByteBuffer)
    }

    var subtype: UInt16 {
        switch self {
        case .resubmit: 1
        case .resubmitTable: 14
        case .resubmitTableCT: 44
        case .setTunnel: 2
        case .setTunnel64: 9
        case .popQueue: 5
        case .regMove: 6
        case .regLoad: 7
        case .regLoad2: 33
        case .note: 8
        case .exit: 17
        case .decTTLControllerIDs: 21
        case .outputReg: 15
        case .outputReg2: 32
        case .conjunction: 34
        case .ct: 35
        case .nat: 36
        case .ctClear: 43
        case .controller: 20
        case .controller2: 37
        case .unknown(let subtype, _): subtype
        }
    }
}

// (ofs << 6) | (n_bits - 1), the NXM way of naming a bit range in 16 bits.
@inline(__always)
func encodeOfsNbits(_ offset: UInt16, _ nBits: UInt8) -> UInt16 {
    (offset << 6) | (UInt16(nBits &- 1) & 0x3F)
}

@inline(__always)
func decodeOfsNbits(_ v: UInt16) -> (UInt16, UInt8) {
    (v >> 6, UInt8(truncatingIfNeeded: v & 0x3F) + 1)
}

extension OXMHeader {
    /// A header that must fit one 32-bit word (fields that have no room for an experimenter id).
    init(word: UInt32) {
        let cls = OXMClass(rawValue: UInt16(truncatingIfNeeded: word >> 16))
        self.init(
            id: OXMFieldID(cls, UInt8(truncatingIfNeeded: word >> 9) & 0x7F), hasMask: word & 0x100 != 0,
            length: UInt8(truncatingIfNeeded: word))
    }

    var word: UInt32 {
        UInt32(id.oxmClass.rawValue) << 16 | UInt32(id.field & 0x7F) << 9 | (hasMask ? 0x100 : 0) | UInt32(length)
    }
}
