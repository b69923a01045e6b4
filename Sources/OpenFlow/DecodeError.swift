/// Why a message could not be decoded, phrased as the OpenFlow error a switch would send back.
public struct OFDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: OFErrorCode
    /// Human-readable reason, for logs only.
    public var reason: String
    /// The xid of the offending message, when the header could be read.
    public var xid: UInt32?

    public init(_ code: OFErrorCode, _ reason: String, xid: UInt32? = nil) {
        self.code = code
        self.reason = reason
        self.xid = xid
    }

    public var description: String {
        "OFDecodeError(type: \(code.type.rawValue), code: \(code.code), \(reason))"
    }
}

extension OFErrorCode {
    // Shorthands for the length errors of each container kind, used throughout the decoders.
    static let requestLen = OFErrorCode.badRequest(.badLen)
    static let actionLen = OFErrorCode.badAction(.badLen)
    static let instructionLen = OFErrorCode.badInstruction(.badLen)
    static let matchLen = OFErrorCode.badMatch(.badLen)
    static let propertyLen = OFErrorCode.badProperty(.badLen)
}
