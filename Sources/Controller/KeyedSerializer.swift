/// Runs work one at a time per key, in the order it asked, and work under different keys at the
/// same time: an app's reconcile of one switch waits for that switch's previous one only.
///
/// The work runs in the caller's task (structured: cancelling the caller cancels it); a waiter is
/// resumed by the one before it finishing.
public actor KeyedSerializer<Key: Hashable & Sendable> {
    /// Keys whose work is running, with who waits for each, in order.
    private var waiting: [Key: [CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    public func run<T: Sendable>(_ key: Key, _ work: @Sendable () async throws -> T) async rethrows -> T {
        if waiting[key] != nil {
            await withCheckedContinuation { waiting[key, default: []].append($0) }
        } else {
            waiting[key] = []
        }
        defer { next(key) }
        return try await work()
    }

    private func next(_ key: Key) {
        guard var queue = waiting[key], !queue.isEmpty else {
            waiting[key] = nil
            return
        }
        let first = queue.removeFirst()
        waiting[key] = queue
        first.resume()
    }
}
