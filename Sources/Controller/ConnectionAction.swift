import OpenFlow

/// What `ConnectionStateMachine` asks its handler to do. Requests are named by their xid,
/// confirmed batches and bundles by their ids; the handler keeps the caller's promise under that
/// name and completes it as told. A name the handler no longer knows is ignored.
enum ConnectionAction {
    /// Nothing to do.
    case none
    /// Write this message (an echo reply, a bundle's COMMIT or DISCARD).
    case send(OFMessage)
    /// Request `xid` is answered.
    case reply(xid: UInt32, OFMessage)
    /// A part of the streamed multipart reply to `xid`; `last` ends the request.
    case part(xid: UInt32, MultipartReply, last: Bool)
    /// Request `xid` failed.
    case fail(xid: UInt32, ControllerError)
    /// Confirmed batch `id` is over: the messages the switch refused, or why the batch failed.
    case confirmationFinished(id: UInt64, Result<[RejectedMessage], ControllerError>)
    /// Bundle `id`'s commit or discard is over.
    case bundleFinished(id: UInt32, Result<Void, ControllerError>)
    /// An asynchronous message, or one that answers nothing pending: publish it as an event.
    case deliver(OFMessage)
    /// An OFPT_ERROR that answers nothing pending (a fire-and-forget message was refused).
    case unmatchedError(ErrorMessage, xid: UInt32)
}
