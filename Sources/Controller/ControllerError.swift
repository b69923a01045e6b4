import OpenFlow

/// What a controller operation can fail with, each naming what the switch or the connection did.
public enum ControllerError: Error, Sendable, CustomStringConvertible {
    /// The switch answered the request with OFPT_ERROR.
    case switchError(ErrorMessage, request: OFMessageType, xid: UInt32)
    /// Messages sent together were refused one by one (each with its index in the batch).
    case rejected([RejectedMessage])
    /// A bundle was refused: `failed` names the inner message the switch rejected, if it said.
    case bundleFailed(BundleFailure)
    /// The connection closed before the reply came.
    case disconnected(String)
    /// No reply within the deadline.
    case timeout(OFMessageType, xid: UInt32)
    /// `waitForSwitches` gave up: fewer switches completed the handshake than asked for.
    case switchesNotConnected(expected: Int, connected: Int, within: Duration)
    /// The reply did not have the type the request calls for.
    case unexpectedReply(expected: String, got: OFMessageType)
    /// A target string that does not parse (`tcp:[IP:]PORT`, `ssl:…`, `unix:PATH`).
    case invalidTarget(String, reason: String)
    case tls(String)

    public var description: String {
        switch self {
        case .switchError(let error, let request, let xid):
            return "switch refused \(request) (xid \(xid)): \(ErrorDescription.text(error))"
        case .rejected(let failures):
            return failures.map(\.description).joined(separator: "; ")
        case .bundleFailed(let failure):
            return failure.description
        case .disconnected(let reason):
            return "connection closed: \(reason)"
        case .timeout(let type, let xid):
            return "no reply to \(type) (xid \(xid)) in time"
        case .switchesNotConnected(let expected, let connected, let within):
            return "\(connected) of \(expected) switch(es) connected within \(within)"
        case .unexpectedReply(let expected, let got):
            return "expected \(expected), got \(got)"
        case .invalidTarget(let target, let reason):
            return "invalid target '\(target)': \(reason)"
        case .tls(let reason):
            return "TLS: \(reason)"
        }
    }
}

/// One message of a batch that the switch refused.
public struct RejectedMessage: Sendable, CustomStringConvertible {
    /// Position in the batch, from 0.
    public var index: Int
    public var type: OFMessageType
    public var error: ErrorMessage

    public var description: String {
        "message #\(index + 1) (\(type)) refused: \(ErrorDescription.text(error))"
    }
}

/// A refused bundle: the switch's error for the inner message that failed (when it named one)
/// and for the commit itself.
public struct BundleFailure: Sendable, CustomStringConvertible {
    /// Index in the list of messages given to `bundle`, and that message's error.
    public var failedMessage: RejectedMessage?
    /// The error on the BUNDLE_CONTROL request itself (e.g. MSG_FAILED).
    public var controlError: ErrorMessage?

    public var description: String {
        var parts: [String] = ["bundle refused"]
        if let failedMessage { parts.append(failedMessage.description) }
        if let controlError { parts.append("commit: \(ErrorDescription.text(controlError))") }
        return parts.joined(separator: "; ")
    }
}

enum ErrorDescription {
    static func text(_ error: ErrorMessage) -> String {
        switch error {
        case .standard(let code, _):
            return "type \(code.type.rawValue) code \(code.code)"
        case .experimenter(let expType, let experimenter, _):
            return "experimenter 0x\(String(experimenter, radix: 16)) type \(expType)"
        }
    }
}
