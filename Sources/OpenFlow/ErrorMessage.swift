import NIOCore

/// OFPT_ERROR. `data` normally holds (a prefix of) the offending request.
public enum ErrorMessage: Hashable, Sendable {
    case standard(OFErrorCode, data: ByteBuffer)
    case experimenter(expType: UInt16, experimenter: UInt32, data: ByteBuffer)

    public var data: ByteBuffer {
        switch self {
        case .standard(_, let data), .experimenter(_, _, let data): data
        }
    }

    /// Builds the error a switch would send for `error`, quoting up to 64 bytes of `request`.
    public init(replyingTo error: OFDecodeError, request: ByteBuffer) {
        self = .standard(
            error.code,
            data: request.getSlice(at: request.readerIndex, length: Swift.min(64, request.readableBytes))
                ?? ByteBuffer())
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> ErrorMessage {
        let type = try buffer.readU16()
        let code = try buffer.readU16()
        if type == OFErrorType.experimenter.rawValue {
            let experimenter = try buffer.readU32()
            return .experimenter(expType: code, experimenter: experimenter, data: buffer.readRest())
        }
        let data = buffer.readRest()
        return .standard(OFErrorCode(type: OFErrorType(rawValue: type), code: code), data: data)
    }

    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .standard(let code, let data):
            buffer.writeInteger(code.type.rawValue)
            buffer.writeInteger(code.code)
            buffer.writeImmutableBuffer(data)
        case .experimenter(let expType, let experimenter, let data):
            buffer.writeInteger(OFErrorType.experimenter.rawValue)
            buffer.writeInteger(expType)
            buffer.writeInteger(experimenter)
            buffer.writeImmutableBuffer(data)
        }
    }
}
