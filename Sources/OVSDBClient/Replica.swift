import Foundation
import Logging
import OVSDB
import Reconnection
import TLSCredentials

/// The client-side copy of a database ("IDL"): it monitors the chosen tables, keeps every row in
/// memory, publishes changes, reconnects with backoff and resynchronises — with
/// `monitor_cond_since` when the server supports it, by a full reload otherwise — and runs
/// optimistic transactions against what it has seen.
public actor Replica {
    public struct Configuration: Sendable {
        /// Servers to use, tried in turn: one server, or every member of a cluster.
        public var targets: [OVSDBTarget]
        /// For a clustered database: stay only on the member that leads (checked through the
        /// `_Server` database), so writes go to the leader and reads are never stale.
        public var leaderOnly: Bool
        public var tls: TLSFiles?
        public var database: String
        /// Tables to monitor and how; nil: every table and column of the schema.
        public var tables: [String: MonitorRequest]?
        public var connection: OVSDBConnection.Options
        public var backoff: Backoff

        public init(
            target: OVSDBTarget, tls: TLSFiles? = nil, database: String = "Open_vSwitch",
            tables: [String: MonitorRequest]? = nil, connection: OVSDBConnection.Options = .init(),
            backoff: Backoff = Backoff()
        ) {
            self.targets = [target]
            self.leaderOnly = true
            self.tls = tls
            self.database = database
            self.tables = tables
            self.connection = connection
            self.backoff = backoff
        }

        /// Every member of a cluster; the replica finds the leader and follows it.
        public init(
            targets: [OVSDBTarget], tls: TLSFiles? = nil, database: String = "Open_vSwitch",
            tables: [String: MonitorRequest]? = nil, leaderOnly: Bool = true,
            connection: OVSDBConnection.Options = .init(), backoff: Backoff = Backoff()
        ) {
            self.targets = targets
            self.tls = tls
            self.database = database
            self.tables = tables
            self.leaderOnly = leaderOnly
            self.connection = connection
            self.backoff = backoff
        }
    }

    public nonisolated let configuration: Configuration
    let logger: Logger
    public private(set) var cache: DatabaseCache?
    public private(set) var connection: OVSDBConnection?
    /// The last transaction seen through `update3`: where a resumed monitor starts.
    public private(set) var lastTransactionID: UUID?
    /// How many times the replica (re)synchronised, and how many of those resumed.
    public private(set) var synchronizations = 0
    public private(set) var resumedSynchronizations = 0
    private var subscribers: [UUID: AsyncStream<ReplicaEvent>.Continuation] = [:]
    private var runTask: Task<Void, Never>?
    private var readyWaiters: [CheckedContinuation<Void, any Error>] = []
    private var lastError: OVSDBClientError?
    /// Notifications of the current connection handled so far, and who waits for a count.
    private var handledNotifications = 0
    private var handledWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var monitorMethod: MonitorMethod = .conditionalSince
    /// Which of `configuration.targets` the next connection tries.
    private var targetIndex = 0
    private var failedAttempts = 0
    private var followerAnswers = 0
    /// The target of the current (or last) connection.
    public private(set) var currentTarget: OVSDBTarget?
    static let monitorID: JSON = "switchboard-replica"
    static let serverMonitorID: JSON = "switchboard-server"

    enum MonitorMethod { case conditionalSince, conditional, plain }

    public init(_ configuration: Configuration, logger: Logger = Logger(label: "switchboard.replica")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts the replica and returns once the first synchronisation is complete (or fails with the
    /// first connection error — later ones are retried in the background).
    public func start() async throws(OVSDBClientError) {
        guard runTask == nil else { return }
        runTask = Task { await self.run() }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if cache != nil, connection != nil {
                    continuation.resume()
                } else {
                    readyWaiters.append(continuation)
                }
            }
        } catch let error as OVSDBClientError {
            await stop()
            throw error
        } catch {
            await stop()
            throw .connectionClosed("\(error)")
        }
    }

    /// Stops monitoring and closes the connection; subscribers' streams finish.
    public func stop() async {
        runTask?.cancel()
        runTask = nil
        await connection?.close()
        connection = nil
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers = [:]
        failWaiters(.cancelled)
    }

    /// A consistent copy of everything replicated so far.
    public var snapshot: DatabaseCache? { cache }

    /// Events from now on, until `stop`.
    public func events() -> AsyncStream<ReplicaEvent> {
        let (stream, continuation) = AsyncStream<ReplicaEvent>.makeStream(bufferingPolicy: .unbounded)
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) {
        subscribers[id] = nil
    }

    private func publish(_ event: ReplicaEvent) {
        for subscriber in subscribers.values { subscriber.yield(event) }
    }

    /// Waits until `condition` holds for the replica's contents (checked after every change), up to
    /// `timeout`. Returns the snapshot that satisfied it.
    @discardableResult
    public func wait(
        timeout: Duration = .seconds(10), until condition: @Sendable (DatabaseCache) -> Bool
    ) async throws(OVSDBClientError) -> DatabaseCache {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let cache, condition(cache) { return cache }
            guard clock.now < deadline else {
                throw .timedOut("the replica's condition did not hold within \(timeout)")
            }
            do { try await Task.sleep(for: .milliseconds(10)) } catch { throw .cancelled }
        }
    }

    // MARK: The connection loop

    private func run() async {
        var backoff = configuration.backoff
        while !Task.isCancelled {
            do {
                try await session(backoff: &backoff)
            } catch {
                // Stopping closes the connection on purpose: nothing to report or retry.
                if Task.isCancelled { return }
                lastError = error
                // `start` fails only when no member could be used: after a whole round of
                // failures, or three rounds in which members answered but none led.
                failedAttempts += 1
                if case .notLeader = error { followerAnswers += 1 }
                let round = configuration.targets.count
                if failedAttempts >= round, failedAttempts > followerAnswers || failedAttempts >= 3 * round {
                    failWaiters(error)
                }
                logger.info("replica connection to \(currentTarget.map { "\($0)" } ?? "?") lost: \(error)")
                publish(.disconnected(error.description))
            }
            if let connection { await connection.close() }
            connection = nil
            resumeHandledWaiters(all: true)
            guard !Task.isCancelled else { return }
            // Next member; wait only after a whole round of them failed.
            targetIndex = (targetIndex + 1) % configuration.targets.count
            let delay = targetIndex == 0 ? backoff.nextDelay() : .milliseconds(10)
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// One connection: connect, synchronise, apply notifications until it closes.
    private func session(backoff: inout Backoff) async throws(OVSDBClientError) {
        guard !configuration.targets.isEmpty else { throw .invalidTarget("no target") }
        let target = configuration.targets[targetIndex % configuration.targets.count]
        currentTarget = target
        let connection = try await OVSDBConnection.connect(
            to: target, tls: configuration.tls, options: configuration.connection, logger: logger)
        self.connection = connection
        if configuration.leaderOnly {
            do {
                try await followLeader(connection)
            } catch {
                await connection.close()
                throw error
            }
        }
        let schema = try await connection.schema(configuration.database)
        if cache?.schema != schema {
            // A new schema (first start, or the database was converted): start from nothing.
            cache = DatabaseCache(schema: schema, monitoredColumns: configuration.tables?.compactMapValues(\.columns))
            lastTransactionID = nil
        }
        let requests = configuration.tables ?? schema.tables.mapValues { _ in MonitorRequest() }
        try await synchronize(connection, requests: requests)
        backoff.reset()
        failedAttempts = 0
        followerAnswers = 0
        resumeWaiters()
        handledNotifications = 0
        for await notification in connection.notifications {
            try handle(notification)
            handledNotifications += 1
            resumeHandledWaiters()
        }
        throw connection.closedReason ?? .connectionClosed("notification stream ended")
    }

    /// On a clustered database, stays only if this member leads, and watches that it keeps leading.
    private func followLeader(_ connection: OVSDBConnection) async throws(OVSDBClientError) {
        guard try await connection.listDatabases().contains("_Server") else { return }
        let database = configuration.database
        let request = [
            "Database": MonitorRequest(
                columns: ["name", "model", "leader", "connected"],
                conditions: [Condition("name", .equal, .atom(.string(database)))])
        ]
        let updates = try await connection.monitorConditional("_Server", id: Self.serverMonitorID, request)
        for update in updates.tables["Database"]?.values ?? [:].values {
            guard case .initial(let row) = update, row["model"] == "clustered" else { continue }
            if row["leader"] != true || row["connected"] == false {
                throw .notLeader(currentTarget.map { "\($0)" } ?? "?")
            }
        }
    }

    private func synchronize(
        _ connection: OVSDBConnection, requests: [String: MonitorRequest]
    )
        async throws(OVSDBClientError)
    {
        let database = configuration.database
        while true {
            do {
                switch monitorMethod {
                case .conditionalSince:
                    let reply = try await connection.monitorConditionalSince(
                        database, id: Self.monitorID, requests, lastTransactionID: lastTransactionID)
                    try applyInitial(reply.updates, resumed: reply.found && lastTransactionID != nil)
                    lastTransactionID = reply.lastTransactionID
                case .conditional:
                    try applyInitial(
                        try await connection.monitorConditional(database, id: Self.monitorID, requests), resumed: false)
                case .plain:
                    try applyInitial(
                        try await connection.monitor(database, id: Self.monitorID, requests), resumed: false)
                }
                return
            } catch .rpcError(_, let error) where error.contains("unknown method") && monitorMethod != .plain {
                // An older server: fall back one method and try again on the same connection.
                monitorMethod = monitorMethod == .conditionalSince ? .conditional : .plain
            }
        }
    }

    private func applyInitial(_ updates: TableUpdates, resumed: Bool) throws(OVSDBClientError) {
        guard var next = cache else { return }
        let changes: [RowChange]
        do {
            let recording = !subscribers.isEmpty
            changes =
                resumed
                ? try next.apply(updates, recordingChanges: recording)
                : try next.reload(with: updates, recordingChanges: recording)
        } catch {
            lastTransactionID = nil
            throw .unexpectedResponse(method: "monitor", error.description)
        }
        cache = next
        synchronizations += 1
        if resumed { resumedSynchronizations += 1 }
        publish(.synchronized(resumed: resumed))
        if !changes.isEmpty { publish(.changes(changes)) }
    }

    private func handle(_ notification: ServerNotification) throws(OVSDBClientError) {
        let updates: TableUpdates
        switch notification {
        case .update(let id, let payload) where id == Self.monitorID: updates = payload
        case .update2(let id, let payload) where id == Self.monitorID: updates = payload
        case .update3(let id, let transaction, let payload) where id == Self.monitorID:
            updates = payload
            try apply(updates)
            lastTransactionID = transaction
            return
        case .update2(let id, let payload) where id == Self.serverMonitorID:
            // _Server.Database changed: a member that stops leading (or loses the cluster) hands
            // us on to the next one.
            for update in payload.tables["Database"]?.values ?? [:].values {
                if case .modify(let row) = update, row["leader"] == false || row["connected"] == false {
                    throw .notLeader(currentTarget.map { "\($0)" } ?? "?")
                }
            }
            return
        case .monitorCanceled:
            // The database changed under us: resynchronise from scratch on a new connection.
            lastTransactionID = nil
            throw .connectionClosed("monitor canceled by the server")
        default:
            return
        }
        try apply(updates)
    }

    private func apply(_ updates: TableUpdates) throws(OVSDBClientError) {
        guard var next = cache else { return }
        // Hand the cache over so it is uniquely referenced and updated in place (a failed apply
        // leaves it unchanged, so it is put back either way).
        cache = nil
        defer { cache = next }
        do {
            let changes = try next.apply(updates, recordingChanges: !subscribers.isEmpty)
            if !changes.isEmpty { publish(.changes(changes)) }
        } catch {
            // Out of step with the server: only a full reload can be trusted now.
            lastTransactionID = nil
            throw .unexpectedResponse(method: "update", error.description)
        }
    }

    /// Returns once every notification the connection had received when called has been applied:
    /// after a transaction's reply, the replica then shows the transaction's own changes.
    func catchUp(with connection: OVSDBConnection) async {
        let target = connection.receivedNotifications.current
        guard connection === self.connection, handledNotifications < target else { return }
        await withCheckedContinuation { continuation in
            handledWaiters.append((target, continuation))
        }
    }

    private func resumeHandledWaiters(all: Bool = false) {
        guard !handledWaiters.isEmpty else { return }
        var remaining: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        for waiter in handledWaiters {
            if all || waiter.count <= handledNotifications {
                waiter.continuation.resume()
            } else {
                remaining.append(waiter)
            }
        }
        handledWaiters = remaining
    }

    private func resumeWaiters() {
        let waiters = readyWaiters
        readyWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func failWaiters(_ error: OVSDBClientError) {
        let waiters = readyWaiters
        readyWaiters = []
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
