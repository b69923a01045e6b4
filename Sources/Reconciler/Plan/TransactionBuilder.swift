import Foundation
import OVSDB

/// Collects one node's operations in the order they must run: guards, then unlinks (deletes),
/// then inserts (a referenced row before the row that refers to it), then updates and links.
/// Deletion is by unlinking: ovsdb-server garbage-collects the unreferenced ports, interfaces,
/// mirrors and controllers, as `ovs-vsctl del-port` relies on too.
struct TransactionBuilder {
    let root: UUID
    private var waits: [DBOperation] = []
    private var unlinks: [DBOperation] = []
    private var rowInserts: [DBOperation] = []
    private var mirrorInserts: [DBOperation] = []
    private var bridgeInserts: [DBOperation] = []
    private var updates: [DBOperation] = []
    private var links: [DBOperation] = []
    private var counter = 0

    init(root: UUID) {
        self.root = root
    }

    /// A fresh uuid-name for a row inserted in this transaction.
    mutating func newName(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    /// Fails the transaction if these columns of the row no longer hold what was planned against
    /// (or the row is gone): `wait` with timeout 0.
    mutating func guardRow(_ table: String, _ uuid: UUID, _ row: Row) {
        waits.append(
            .wait(
                table: table, where: [.uuid(uuid)], columns: row.keys.sorted(), until: .equal, rows: [row], timeout: 0))
    }

    /// Fails the transaction if a row with this name appeared meanwhile.
    mutating func guardAbsent(_ table: String, name: String) {
        waits.append(
            .wait(
                table: table, where: [Condition("name", .equal, .scalar(name))], columns: ["name"], until: .equal,
                rows: [], timeout: 0))
    }

    mutating func unlink(_ table: String, _ owner: UUID, column: String, _ member: UUID) {
        unlinks.append(
            .mutate(table: table, where: [.uuid(owner)], mutations: [Mutation(column, .delete, .set([.uuid(member)]))]))
    }

    mutating func link(_ table: String, _ owner: UUID, column: String, _ member: Atom) {
        links.append(
            .mutate(table: table, where: [.uuid(owner)], mutations: [Mutation(column, .insert, .set([member]))]))
    }

    /// Inserts an interface and its port; returns the port's reference.
    mutating func insertPort(port: Row, interface: Row) -> Atom {
        let interfaceName = newName("iface")
        let portName = newName("port")
        rowInserts.append(.insert(table: "Interface", row: interface, uuidName: interfaceName))
        var port = port
        port["interfaces"] = .set([.namedUUID(interfaceName)])
        rowInserts.append(.insert(table: "Port", row: port, uuidName: portName))
        return .namedUUID(portName)
    }

    mutating func insertControllers(_ targets: [String]) -> Datum {
        var references: [Atom] = []
        for target in targets {
            let name = newName("controller")
            rowInserts.append(.insert(table: "Controller", row: ["target": .scalar(target)], uuidName: name))
            references.append(.namedUUID(name))
        }
        return .set(references)
    }

    mutating func insertMirror(_ row: Row) -> Atom {
        let name = newName("mirror")
        mirrorInserts.append(.insert(table: "Mirror", row: row, uuidName: name))
        return .namedUUID(name)
    }

    mutating func insertBridge(_ row: Row) {
        let name = newName("bridge")
        bridgeInserts.append(.insert(table: "Bridge", row: row, uuidName: name))
        links.append(
            .mutate(
                table: "Open_vSwitch", where: [.uuid(root)],
                mutations: [Mutation("bridges", .insert, .set([.namedUUID(name)]))]))
    }

    mutating func update(_ table: String, _ uuid: UUID, _ row: Row) {
        guard !row.isEmpty else { return }
        updates.append(.update(table: table, where: [.uuid(uuid)], row: row))
    }

    /// Whether anything would change.
    var writes: Bool {
        !(unlinks.isEmpty && rowInserts.isEmpty && mirrorInserts.isEmpty && bridgeInserts.isEmpty
            && updates.isEmpty && links.isEmpty)
    }

    /// The transaction; with `next_cfg += 1` and a read of it, so the caller can wait until
    /// ovs-vswitchd reports `cur_cfg` at least that value (what `ovs-vsctl` waits for too).
    var operations: [DBOperation] {
        guard writes else { return [] }
        return waits + unlinks + rowInserts + mirrorInserts + bridgeInserts + updates + links + [
            .mutate(
                table: "Open_vSwitch", where: [.uuid(root)], mutations: [Mutation("next_cfg", .add, .scalar(Int64(1)))]),
            .select(table: "Open_vSwitch", where: [.uuid(root)], columns: ["next_cfg"]),
        ]
    }
}
