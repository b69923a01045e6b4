import OpenFlow

/// What the connection remembers about one bundle being streamed: which xids carry its ADDs and
/// which of them the switch refused. Lives on the connection's event loop only.
///
/// ADDs queued in one batch get consecutive xids, so a batch is one run `(first xid, first index,
/// count)`: an error maps back to the message's index with a scan over the runs (a few per
/// thousand messages) instead of a watcher per message.
final class BundleLog {
    struct Run {
        var firstXID: UInt32
        var firstIndex: Int
        var count: Int
    }

    let flags: BundleFlags
    private(set) var runs: [Run] = []
    /// Message types by index, for error reports.
    private(set) var types: [OFMessageType] = []
    var rejected: [RejectedMessage] = []

    init(flags: BundleFlags) { self.flags = flags }

    var count: Int { types.count }

    /// Records the message about to be sent with `xid`.
    func record(xid: UInt32, type: OFMessageType) {
        let index = types.count
        types.append(type)
        if let last = runs.last, last.firstXID &+ UInt32(truncatingIfNeeded: last.count) == xid {
            runs[runs.count - 1].count += 1
        } else {
            runs.append(Run(firstXID: xid, firstIndex: index, count: 1))
        }
    }

    /// The index of the message sent with `xid`, if this bundle sent it.
    func index(of xid: UInt32) -> Int? {
        for run in runs.reversed() {
            let offset = xid &- run.firstXID
            if offset < UInt32(truncatingIfNeeded: run.count) { return run.firstIndex + Int(offset) }
        }
        return nil
    }

    /// Takes an error the switch sent for `xid`; false if `xid` is not one of this bundle's ADDs.
    func take(_ error: ErrorMessage, xid: UInt32) -> Bool {
        guard let index = index(of: xid) else { return false }
        rejected.append(RejectedMessage(index: index, type: types[index], error: error))
        return true
    }

    /// The first refused message, by position.
    var firstRejected: RejectedMessage? { rejected.min { $0.index < $1.index } }
}
