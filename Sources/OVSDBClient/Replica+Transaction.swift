import Foundation
import OVSDB

/// A transaction built against a replica snapshot. Every row the builder reads through `verify`
/// becomes a `wait` that the server checks atomically with the writes, so a change someone else
/// made in between makes the transaction fail instead of being overwritten.
public struct ReplicaTransaction: Sendable {
    public let snapshot: DatabaseCache
    public private(set) var waits: [DBOperation] = []
    public private(set) var operations: [DBOperation] = []

    public init(snapshot: DatabaseCache) {
        self.snapshot = snapshot
    }

    /// Asserts that `columns` of this row still hold what the snapshot shows (or that the row is
    /// still absent, if the snapshot has no such row).
    public mutating func verify(_ table: String, _ uuid: UUID, columns: [String]) {
        guard let row = snapshot.row(table, uuid) else {
            waits.append(
                .wait(table: table, where: [.uuid(uuid)], columns: ["_uuid"], until: .equal, rows: [], timeout: 0))
            return
        }
        var expected: Row = [:]
        for column in columns { expected[column] = row[column] ?? .empty }
        waits.append(
            .wait(table: table, where: [.uuid(uuid)], columns: columns, until: .equal, rows: [expected], timeout: 0))
    }

    public mutating func add(_ operation: DBOperation) {
        operations.append(operation)
    }

    public mutating func add(contentsOf operations: [DBOperation]) {
        self.operations += operations
    }

    var all: [DBOperation] { waits + operations }
}

extension Replica {
    /// The outcome of an optimistic transaction: the results of the builder's operations (without
    /// the waits) and how many attempts it took.
    public struct TransactionOutcome: Sendable {
        public var results: [OperationResult]
        public var attempts: Int

        /// The uuid the server gave the row inserted by the operation at `index`.
        public func insertedUUID(at index: Int) -> UUID? {
            index < results.count ? results[index].uuid : nil
        }
    }

    /// Builds a transaction from the current snapshot and runs it; if a `wait` fails because
    /// another client changed a verified row, waits for the replica to see that change and tries
    /// again with a fresh snapshot, at most `maxAttempts` times. Validated against the schema.
    public func transact(
        maxAttempts: Int = 5,
        _ build: @Sendable (inout ReplicaTransaction) throws(OVSDBClientError) -> Void
    ) async throws(OVSDBClientError) -> TransactionOutcome {
        var attempt = 0
        while true {
            attempt += 1
            let syncedBefore = synchronizations
            guard let connection, let snapshot = cache else {
                guard attempt < maxAttempts else { throw .connectionClosed("replica not connected") }
                try await waitForSynchronization(after: syncedBefore)
                continue
            }
            var transaction = ReplicaTransaction(snapshot: snapshot)
            try build(&transaction)
            let operations = transaction.all
            do { try snapshot.schema.validate(operations) } catch { throw .invalidTransaction(error) }
            let results: [OperationResult]
            do {
                results = try await connection.transactUnchecked(configuration.database, operations)
            } catch {
                // The connection failed under the transaction (a member died, a reset): the server
                // either committed all of it or none. Resynchronise, then rebuild from the new
                // snapshot, where a plan sees what did commit (e.g. "bridge exists").
                guard error.isTransportFailure, attempt < maxAttempts else { throw error }
                try await waitForSynchronization(after: syncedBefore)
                continue
            }
            let waitCount = transaction.waits.count
            if let failure = OVSDBConnection.firstFailure(results, operations) {
                // A `wait` that timed out (at once: its timeout is 0) is a guard whose rows changed.
                guard case .transactionFailed(let index, _, "timed out", let details) = failure,
                    index < operations.count, case .wait = operations[index]
                else { throw failure }
                guard index < waitCount, attempt < maxAttempts else {
                    throw .staleGuard(index: index, details: details)
                }
                // Someone else won the race; their change reached us before this reply. Apply it,
                // then rebuild from the fresh snapshot.
                await catchUp(with: connection)
                continue
            }
            // The server flushes monitor updates before replies: once the replica has applied what
            // arrived before this reply, the caller's next snapshot includes what it just wrote.
            await catchUp(with: connection)
            return TransactionOutcome(results: Array(results.dropFirst(waitCount)), attempts: attempt)
        }
    }
}

extension Replica {
    /// Waits (bounded) until the replica has synchronised again after `count` synchronisations.
    func waitForSynchronization(after count: Int, timeout: Duration = .seconds(20)) async throws(OVSDBClientError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while synchronizations <= count || connection == nil {
            guard clock.now < deadline else { throw .connectionClosed("no server to reconnect to within \(timeout)") }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { throw .cancelled }
        }
    }
}

extension OVSDBClientError {
    /// The connection, not the request, failed: retrying on a new connection may succeed.
    public var isTransportFailure: Bool {
        switch self {
        case .connectionClosed, .peerTimeout, .malformedMessage, .messageTooLarge, .unexpectedReply, .notLeader:
            return true
        default:
            return false
        }
    }
}

extension DBOperation {
    /// Whether the operation can change the database.
    public var writes: Bool {
        switch self {
        case .insert, .update, .mutate, .delete: return true
        default: return false
        }
    }
}
