import OpenFlow

/// What the connection remembers about one bundle being streamed (`BundleStream`) between OPEN and
/// the COMMIT or DISCARD that ends it.
///
/// Nothing waits for the OPEN reply while ADDs are sent; `commit` sends CLOSE, and once both OPEN
/// and CLOSE are answered every ADD's refusal has arrived (replies come in order): then COMMIT if
/// none was refused, DISCARD otherwise (OVS drops a refused ADD and would commit the rest).
struct StreamedBundle {
    enum Phase: Equatable {
        /// ADDs are still being sent.
        case adding
        /// CLOSE sent; `closeAnswered` once its reply came (the OPEN reply may still be missing).
        case closing(closeAnswered: Bool)
        /// COMMIT (or DISCARD, after a refusal) sent: its answer ends the bundle.
        case finishing
    }

    let flags: BundleFlags
    /// How long each control message waits for its answer.
    let timeout: Duration
    var log = BatchLog()
    var openAnswered = false
    /// The switch refused OPEN before `commit`: reported then, without sending CLOSE.
    var openRefusal: ErrorMessage?
    var phase = Phase.adding

    init(flags: BundleFlags, timeout: Duration) {
        self.flags = flags
        self.timeout = timeout
    }

    /// The outcome once the COMMIT or DISCARD that follows CLOSE was answered without an error.
    var outcome: Result<Void, ControllerError> {
        guard let failed = log.firstRejected else { return .success(()) }
        return .failure(.bundleFailed(BundleFailure(failedMessage: failed, controlError: nil)))
    }

    /// The outcome when the switch refused one of the bundle's control messages.
    func refused(_ error: ErrorMessage) -> Result<Void, ControllerError> {
        .failure(.bundleFailed(BundleFailure(failedMessage: log.firstRejected, controlError: error)))
    }
}
