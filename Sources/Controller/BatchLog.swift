import OpenFlow

/// Messages sent as one batch whose refusals must map back to their positions: the ADDs of a
/// streamed bundle, or the messages of a barrier-confirmed batch (`Switch.sendConfirmed`).
///
/// Messages queued together get consecutive xids, so a batch is a few runs `(first xid, first
/// index, count)`: an error maps back to the message's index with a scan over the runs (a few per
/// thousand messages) instead of a watcher per message.
struct BatchLog {
    struct Run: Equatable {
        var firstXID: UInt32
        var firstIndex: Int
        var count: Int
    }

    private(set) var runs: [Run] = []
    /// Message types by index, for error reports.
    private(set) var types: [OFMessageType] = []
    private(set) var rejected: [RejectedMessage] = []

    var count: Int { types.count }

    /// Records the message about to be sent with `xid`.
    mutating func record(xid: UInt32, type: OFMessageType) {
        let index = types.count
        types.append(type)
        if let last = runs.last, last.firstXID &+ UInt32(truncatingIfNeeded: last.count) == xid {
            runs[runs.count - 1].count += 1
        } else {
            runs.append(Run(firstXID: xid, firstIndex: index, count: 1))
        }
    }

    /// The index of the message sent with `xid`, if this batch sent it.
    func index(of xid: UInt32) -> Int? {
        for run in runs.reversed() {
            let offset = xid &- run.firstXID
            if offset < UInt32(truncatingIfNeeded: run.count) { return run.firstIndex + Int(offset) }
        }
        return nil
    }

    /// Takes an error the switch sent for `xid`; false if `xid` is not one of this batch's.
    mutating func take(_ error: ErrorMessage, xid: UInt32) -> Bool {
        guard let index = index(of: xid) else { return false }
        rejected.append(RejectedMessage(index: index, type: types[index], error: error))
        return true
    }

    /// The first refused message, by position.
    var firstRejected: RejectedMessage? { rejected.min { $0.index < $1.index } }

    /// Every refusal, by position.
    var rejectedInOrder: [RejectedMessage] { rejected.sorted { $0.index < $1.index } }
}
