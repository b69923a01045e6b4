import OpenFlow

/// A message sent with an xid the connection waits to see again: what was asked, by when, and what
/// its answer is for.
struct PendingRequest {
    enum Purpose {
        /// The caller gets the reply; the parts of a multipart reply are joined first (`partial`
        /// holds those that arrived so far).
        case reply(partial: MultipartReply?)
        /// The caller gets each part of a multipart reply as it arrives (`Switch.flowParts`):
        /// a dump of 100,000 flows is never held whole.
        case streamed
        /// The barrier that ends confirmed batch `id`: once it is answered every refusal for the
        /// batch has arrived.
        case confirmation(UInt64)
        /// A control message (OPEN, CLOSE, COMMIT, DISCARD) of the streamed bundle `id`.
        case bundle(UInt32, BundleControlType)
    }

    var type: OFMessageType
    var deadline: ContinuousClock.Instant
    var purpose: Purpose
}

extension PendingRequest {
    /// The multipart parts joined so far, taken out so the caller owns them alone: appending the
    /// next part then grows them in place. A copy left behind (a binding of the enum's payload)
    /// made every part copy all before it, a dump of 31,000 flows quadratic.
    mutating func takePartial() -> MultipartReply? {
        guard case .reply(let partial) = purpose else { return nil }
        purpose = .reply(partial: nil)
        return partial
    }
}
