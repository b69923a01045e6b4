import Foundation
import OVSDB

/// The RFC 7047 methods and the OVS extensions, as typed calls.
extension OVSDBConnection {
    public func listDatabases() async throws(OVSDBClientError) -> [String] {
        let result = try await call("list_dbs", [])
        guard let names = result.arrayValue?.compactMap(\.stringValue) else {
            throw .unexpectedResponse(method: "list_dbs", result.serialized())
        }
        return names
    }

    public func schema(_ database: String) async throws(OVSDBClientError) -> DatabaseSchema {
        let result = try await call("get_schema", [.string(database)])
        do {
            return try DatabaseSchema(json: result)
        } catch {
            throw .unexpectedResponse(method: "get_schema", error.description)
        }
    }

    /// Runs a transaction. With a schema, it is validated first and not sent if it does not fit.
    /// Throws `transactionFailed` naming the first failing operation (RFC 7047: the server rolled
    /// back everything); on success returns one result per operation.
    public func transact(
        _ database: String, _ operations: [DBOperation], validatingWith schema: DatabaseSchema? = nil
    ) async throws(OVSDBClientError) -> [OperationResult] {
        if let schema {
            do { try schema.validate(operations) } catch { throw .invalidTransaction(error) }
        }
        let results = try await transactUnchecked(database, operations)
        if let failure = Self.firstFailure(results, operations) { throw failure }
        return results
    }

    /// Runs a transaction and returns the raw results, errors included.
    public func transactUnchecked(
        _ database: String, _ operations: [DBOperation]
    ) async throws(OVSDBClientError)
        -> [OperationResult]
    {
        let result = try await call("transact", [.string(database)] + operations.map(\.json))
        guard case .array(let items) = result else {
            throw .unexpectedResponse(method: "transact", result.serialized())
        }
        var results: [OperationResult] = []
        for item in items {
            do { results.append(try OperationResult(json: item)) } catch {
                throw .unexpectedResponse(method: "transact", error.description)
            }
        }
        return results
    }

    /// The first error in a transaction's results: the operation's, or the commit's (an extra
    /// result after the last operation).
    public static func firstFailure(_ results: [OperationResult], _ operations: [DBOperation]) -> OVSDBClientError? {
        for (index, result) in results.enumerated() {
            guard let error = result.error else { continue }
            let name = index < operations.count ? operations[index].name : "commit"
            return .transactionFailed(index: index, operation: name, error: error, details: result.details)
        }
        return nil
    }

    /// RFC 7047 `monitor`: the initial contents (as v1 updates); later changes arrive as `.update`.
    public func monitor(
        _ database: String, id: JSON, _ requests: [String: MonitorRequest]
    ) async throws(OVSDBClientError)
        -> TableUpdates
    {
        let result = try await call(
            "monitor", [.string(database), id, MonitorRequest.json(requests, conditional: false)])
        return try Self.updates(result, version: .v1, method: "monitor")
    }

    /// `monitor_cond`: like monitor with `where` conditions; changes arrive as `.update2`.
    public func monitorConditional(
        _ database: String, id: JSON, _ requests: [String: MonitorRequest]
    )
        async throws(OVSDBClientError) -> TableUpdates
    {
        let result = try await call(
            "monitor_cond", [.string(database), id, MonitorRequest.json(requests, conditional: true)])
        return try Self.updates(result, version: .v2, method: "monitor_cond")
    }

    public struct MonitorSinceResult: Sendable {
        /// The server still had `lastTransactionID` in its history: `updates` holds only what
        /// changed since. Otherwise `updates` is the full contents.
        public var found: Bool
        public var lastTransactionID: UUID
        public var updates: TableUpdates
    }

    /// `monitor_cond_since`: resumes after `lastTransactionID` when the server remembers it;
    /// changes arrive as `.update3`.
    public func monitorConditionalSince(
        _ database: String, id: JSON, _ requests: [String: MonitorRequest], lastTransactionID: UUID?
    ) async throws(OVSDBClientError) -> MonitorSinceResult {
        let last = (lastTransactionID ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))).ovsdbString
        let result = try await call(
            "monitor_cond_since",
            [.string(database), id, MonitorRequest.json(requests, conditional: true), .string(last)])
        guard case .array(let parts) = result, parts.count == 3, let found = parts[0].boolValue,
            let text = parts[1].stringValue, let transaction = UUID(ovsdbString: text)
        else { throw .unexpectedResponse(method: "monitor_cond_since", result.serialized()) }
        let updates = try Self.updates(parts[2], version: .v2, method: "monitor_cond_since")
        return MonitorSinceResult(found: found, lastTransactionID: transaction, updates: updates)
    }

    /// `monitor_cond_change`: new conditions (and optionally a new id) for an existing monitor.
    public func monitorConditionalChange(
        id: JSON, newID: JSON, _ requests: [String: MonitorRequest]
    ) async throws(OVSDBClientError) {
        let changes = JSON.object(
            requests.mapValues { request in
                var object: [String: JSON] = [:]
                if let columns = request.columns { object["columns"] = .array(columns.map(JSON.string)) }
                object["where"] = .array((request.conditions ?? []).map(\.json))
                return .array([.object(object)])
            })
        _ = try await call("monitor_cond_change", [id, newID, changes])
    }

    public func monitorCancel(id: JSON) async throws(OVSDBClientError) {
        _ = try await call("monitor_cancel", [id])
    }

    /// `lock`: true when granted now; otherwise a `.locked` notification follows when it is.
    public func lock(_ name: String) async throws(OVSDBClientError) -> Bool {
        let result = try await call("lock", [.string(name)])
        return result["locked"]?.boolValue ?? false
    }

    /// `steal`: takes the lock from its owner (who is told `.stolen`).
    public func steal(_ name: String) async throws(OVSDBClientError) {
        _ = try await call("steal", [.string(name)])
    }

    public func unlock(_ name: String) async throws(OVSDBClientError) {
        _ = try await call("unlock", [.string(name)])
    }

    /// `echo`: the server returns the parameters.
    public func echo(_ params: [JSON] = []) async throws(OVSDBClientError) -> [JSON] {
        let result = try await call("echo", params)
        return result.arrayValue ?? []
    }

    /// `get_server_id` (OVS): a uuid unique to the server process.
    public func serverID() async throws(OVSDBClientError) -> String {
        let result = try await call("get_server_id", [])
        guard let text = result.stringValue else {
            throw .unexpectedResponse(method: "get_server_id", result.serialized())
        }
        return text
    }

    /// `set_db_change_aware` (OVS): keep the connection when a database is removed or converted
    /// (the server then cancels monitors with `monitor_canceled` instead of disconnecting).
    public func setDatabaseChangeAware(_ aware: Bool = true) async throws(OVSDBClientError) {
        _ = try await call("set_db_change_aware", [.bool(aware)])
    }

    static func updates(
        _ json: JSON, version: TableUpdates.Version, method: String
    ) throws(OVSDBClientError)
        -> TableUpdates
    {
        do { return try TableUpdates(json: json, version: version) } catch {
            throw .unexpectedResponse(method: method, error.description)
        }
    }
}
