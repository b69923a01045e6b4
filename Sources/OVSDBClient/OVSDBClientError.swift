import OVSDB

/// Everything a client call can fail with, worded for the person reading the log.
public enum OVSDBClientError: Error, Equatable, CustomStringConvertible {
    case invalidTarget(String)
    case connectFailed(String, String)
    case connectionClosed(String)
    /// The peer sent bytes that are not valid JSON-RPC; the connection is reset.
    case malformedMessage(String)
    case messageTooLarge(limit: Int)
    /// A response whose id matches no outstanding request; the connection is reset.
    case unexpectedReply(id: String)
    /// No traffic from the peer, not even an answer to our echo, within the probe interval.
    case peerTimeout(seconds: Double)
    /// The server answered the request with a JSON-RPC error.
    case rpcError(method: String, error: String)
    /// The transaction failed: the operation at `index` (or the commit, when index == count) and why.
    case transactionFailed(index: Int, operation: String, error: String, details: String?)
    /// A replica transaction's `wait` guard failed: the rows it was built against changed, and
    /// no attempt was left to rebuild it. Nothing was committed.
    case staleGuard(index: Int, details: String?)
    /// A condition on the replica's contents did not hold within the time given.
    case timedOut(String)
    /// The transaction was not sent: it does not fit the schema.
    case invalidTransaction(ValidationError)
    case unexpectedResponse(method: String, String)
    case unknownDatabase(String)
    case tls(String)
    /// A typed operation refused while planning, before anything was sent (e.g. no such bridge).
    case refused(String)
    /// A cluster member that does not lead (the replica moves on to the next member).
    case notLeader(String)
    case cancelled

    public var description: String {
        switch self {
        case .invalidTarget(let target):
            return
                "invalid OVSDB target \"\(target)\" (use unix:PATH, tcp:HOST:PORT, ssl:HOST:PORT, punix:PATH, ptcp:PORT[:HOST])"
        case .connectFailed(let target, let reason): return "cannot connect to \(target): \(reason)"
        case .connectionClosed(let reason): return "connection closed: \(reason)"
        case .malformedMessage(let reason): return "malformed message from peer: \(reason)"
        case .messageTooLarge(let limit): return "message from peer exceeds \(limit) bytes"
        case .unexpectedReply(let id): return "reply to unknown request id \(id)"
        case .peerTimeout(let seconds): return "peer did not answer an echo within \(seconds) s"
        case .rpcError(let method, let error): return "\(method) failed: \(error)"
        case .transactionFailed(let index, let operation, let error, let details):
            return "transaction failed at operation \(index) (\(operation)): \(error)"
                + (details.map { ": \($0)" } ?? "")
        case .invalidTransaction(let error): return "transaction not sent: \(error)"
        case .staleGuard(let index, let details):
            return "the rows guarded by operation \(index) changed since the transaction was built"
                + (details.map { ": \($0)" } ?? "")
        case .timedOut(let what): return "timed out: \(what)"
        case .unexpectedResponse(let method, let reason): return "unexpected \(method) response: \(reason)"
        case .unknownDatabase(let name): return "the server has no database \(name)"
        case .tls(let reason): return "TLS: \(reason)"
        case .refused(let reason): return reason
        case .notLeader(let target): return "\(target) is not the cluster leader"
        case .cancelled: return "cancelled"
        }
    }
}
