import OpenFlow

/// The OpenFlow changes that turn a bridge's actual flows and groups into the desired ones, and
/// nothing else: an unchanged policy gives an empty plan, and a changed rule touches only its flows.
public struct FlowPlan: Hashable, Sendable {
    public var addedGroups: [GroupMod] = []
    public var modifiedGroups: [GroupMod] = []
    public var deletedGroups: [UInt32] = []
    public var addedFlows: [FlowMod] = []
    public var modifiedFlows: [FlowMod] = []
    /// Flows that sit where ours must go but are not ours (another cookie, e.g. OVS's own
    /// `NORMAL` flow of a standalone bridge): replaced by an ADD, which also works if the switch
    /// has dropped the flow meanwhile (a bridge turned `fail_mode: secure` loses it).
    public var takenOverFlows: [FlowMod] = []
    public var deletedFlows: [FlowKey] = []

    public init() {}

    public var isEmpty: Bool {
        addedGroups.isEmpty && modifiedGroups.isEmpty && deletedGroups.isEmpty && addedFlows.isEmpty
            && modifiedFlows.isEmpty && takenOverFlows.isEmpty && deletedFlows.isEmpty
    }

    public var changeCount: Int {
        addedGroups.count + modifiedGroups.count + deletedGroups.count + addedFlows.count + modifiedFlows.count
            + takenOverFlows.count + deletedFlows.count
    }

    /// The messages for one bundle, in an order every intermediate state of which a switch accepts:
    /// groups a flow will use first, then flow deletions, additions and changes, and groups no
    /// flow uses any more last. In a bundle the switch applies them all at once anyway.
    public var messages: [OFMessage.Body] {
        var bodies: [OFMessage.Body] = []
        bodies += addedGroups.map { .groupMod($0) }
        bodies += modifiedGroups.map {
            .groupMod(GroupMod(command: .modify, type: $0.type, groupID: $0.groupID, buckets: $0.buckets))
        }
        bodies += deletedFlows.map { key in
            .flowMod(
                FlowMod(command: .deleteStrict, tableID: key.table, priority: key.priority, match: key.match))
        }
        bodies += addedFlows.map { .flowMod($0) }
        bodies += modifiedFlows.map { flow in
            var modify = flow
            modify.command = .modifyStrict
            return .flowMod(modify)
        }
        bodies += takenOverFlows.map { flow in
            var add = flow
            add.command = .add
            return .flowMod(add)
        }
        bodies += deletedGroups.map { .groupMod(GroupMod(command: .delete, type: .all, groupID: $0)) }
        return bodies
    }

    /// The first `count` changes in the order a plan lists them (groups added and changed, flows
    /// added, changed and taken over, flows and groups deleted).
    public func prefix(_ count: Int) -> FlowPlan {
        var left = count
        func take<T>(_ list: [T]) -> [T] {
            let taken = Array(list.prefix(max(0, left)))
            left -= taken.count
            return taken
        }
        var result = FlowPlan()
        result.addedGroups = take(addedGroups)
        result.modifiedGroups = take(modifiedGroups)
        result.addedFlows = take(addedFlows)
        result.modifiedFlows = take(modifiedFlows)
        result.takenOverFlows = take(takenOverFlows)
        result.deletedFlows = take(deletedFlows)
        result.deletedGroups = take(deletedGroups)
        return result
    }
}
