import Foundation
import OVSDB

/// What a server sends without being asked.
public enum ServerNotification: Sendable, Hashable {
    /// `update` (from `monitor`): RFC 7047 old/new rows.
    case update(monitorID: JSON, TableUpdates)
    /// `update2` (from `monitor_cond`): rows with diffs.
    case update2(monitorID: JSON, TableUpdates)
    /// `update3` (from `monitor_cond_since`): like update2, with the id of the transaction that made it.
    case update3(monitorID: JSON, lastTransactionID: UUID, TableUpdates)
    /// The lock we asked for is now ours.
    case locked(String)
    /// Another client stole our lock.
    case stolen(String)
    /// `monitor_canceled`: the server dropped a monitor (e.g. the database was converted).
    case monitorCanceled(JSON)
    case other(method: String, params: [JSON])

    init(method: String, params: [JSON]) throws(NotationError) {
        switch (method, params.count) {
        case ("update", 2):
            self = .update(monitorID: params[0], try TableUpdates(json: params[1], version: .v1))
        case ("update2", 2):
            self = .update2(monitorID: params[0], try TableUpdates(json: params[1], version: .v2))
        case ("update3", 3):
            guard let text = params[1].stringValue, let uuid = UUID(ovsdbString: text) else {
                throw NotationError("update3: invalid transaction id \(params[1])")
            }
            self = .update3(
                monitorID: params[0], lastTransactionID: uuid, try TableUpdates(json: params[2], version: .v2))
        case ("locked", 1):
            self = .locked(params[0].stringValue ?? params[0].serialized())
        case ("stolen", 1):
            self = .stolen(params[0].stringValue ?? params[0].serialized())
        case ("monitor_canceled", 1):
            self = .monitorCanceled(params[0])
        default:
            self = .other(method: method, params: params)
        }
    }
}
