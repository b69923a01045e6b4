import NIOCore
import OpenFlow

/// An atomic bundle whose messages go to the switch as they are produced, so the switch parses
/// them while the caller is still building the rest (a flow file being read, a plan being
/// rendered). Get one from `Switch.openBundle(flags:)`, `add` messages in batches, then `commit()`
/// (all take effect or none does) or `discard()` (none does).
///
/// OPEN is sent at once and its reply is not waited for; ADDs carry no per-message bookkeeping
/// beyond their xid range, and a refusal the switch sends for one of them is kept until
/// `commit()`, which then DISCARDs the bundle instead (OVS drops a refused ADD and would commit
/// the rest) and throws `ControllerError.bundleFailed` naming that message's index.
///
/// Every call hops to the connection's event loop: add messages in batches (hundreds or
/// thousands per call), not one by one.
public final class BundleStream: Sendable {
    public let bundleID: UInt32
    public let flags: BundleFlags
    private let target: Switch

    init(target: Switch, bundleID: UInt32, flags: BundleFlags, timeout: Duration) {
        self.target = target
        self.bundleID = bundleID
        self.flags = flags
        let (id, flags) = (bundleID, flags)
        target.onLoop { $0.openBundle(id, flags: flags, timeout: timeout) }
    }

    /// Queues the messages as BUNDLE_ADDs; index numbers in errors count from the first message
    /// ever added to this bundle.
    public func add(contentsOf bodies: [OFMessage.Body]) {
        guard !bodies.isEmpty else { return }
        let id = bundleID
        target.onLoop { $0.addToBundle(id, bodies) }
    }

    public func add(_ body: OFMessage.Body) { add(contentsOf: [body]) }

    /// Closes the bundle and commits it, unless the switch refused any ADD: then it is discarded
    /// and this throws `ControllerError.bundleFailed`.
    public func commit() async throws(ControllerError) {
        let promise = target.channel.eventLoop.makePromise(of: Void.self)
        let id = bundleID
        target.onLoop { $0.commitBundle(id, promise: promise) }
        do {
            try await promise.futureResult.controllerResult()
            ControllerMetrics.bundleCommits.increment()
        } catch {
            ControllerMetrics.bundleAborts.increment()
            throw error
        }
    }

    /// Drops the bundle: nothing added to it takes effect.
    public func discard() async throws(ControllerError) {
        let promise = target.channel.eventLoop.makePromise(of: Void.self)
        let id = bundleID
        target.onLoop { $0.discardBundle(id, promise: promise) }
        ControllerMetrics.bundleAborts.increment()
        try await promise.futureResult.controllerResult()
    }
}
