import Foundation
import Testing

@testable import OVSDB

@Suite("Table updates and the replica cache")
struct CacheTests {
    let schema = TestSchema.schema
    let b1 = fixedUUID(1)
    let p1 = fixedUUID(2)
    let p2 = fixedUUID(3)

    func updates2(_ text: String) throws -> TableUpdates {
        try TableUpdates(json: JSON.parse(text), version: .v2)
    }

    @Test("update2: initial rows get their omitted defaults; modify applies diffs; delete removes")
    func update2() throws {
        var cache = DatabaseCache(schema: schema)
        let initial = try updates2(
            """
            {"Bridge":{"\(b1.ovsdbString)":{"initial":{"name":"br0","ports":["uuid","\(p1.ovsdbString)"]}}},
             "Port":{"\(p1.ovsdbString)":{"initial":{"name":"p1","trunks":["set",[1,2]]}}}}
            """)
        let changes = try cache.apply(initial)
        #expect(changes.map(\.kind) == [.insert, .insert])
        let bridge = try #require(cache.row("Bridge", b1))
        #expect(bridge["name"] == "br0")
        #expect(bridge["fail_mode"] == .empty)
        #expect(bridge["stp_enable"] == false)
        #expect(bridge["other_config"] == .map([]))
        #expect(bridge["ports"]?.uuids == [p1])

        let snapshot = cache
        let modify = try updates2(
            """
            {"Bridge":{"\(b1.ovsdbString)":{"modify":{"ports":["uuid","\(p2.ovsdbString)"],
                                                   "other_config":["map",[["a","1"]]],"fail_mode":"secure"}}},
             "Port":{"\(p1.ovsdbString)":{"modify":{"trunks":["set",[2,3]],"tag":7}},
                     "\(p2.ovsdbString)":{"insert":{"name":"p2"}}}}
            """)
        let second = try cache.apply(modify)
        #expect(Set(second.map(\.kind)) == [.modify, .insert])
        #expect(cache.row("Bridge", b1)?["ports"] == .setOf([.uuid(p1), .uuid(p2)]))
        #expect(cache.row("Bridge", b1)?["fail_mode"] == "secure")
        #expect(cache.row("Bridge", b1)?["other_config"] == .stringMap(["a": "1"]))
        #expect(cache.row("Port", p1)?["trunks"] == .setOf([1, 3]))
        #expect(cache.row("Port", p1)?["tag"] == 7)
        let modified = try #require(second.first { $0.uuid == b1 })
        #expect(modified.changedColumns == ["ports", "other_config", "fail_mode"])
        // The copy taken before is a consistent snapshot untouched by later updates.
        #expect(snapshot.row("Bridge", b1)?["ports"]?.uuids == [p1])
        #expect(snapshot.row("Port", p2) == nil)

        let deletion = try cache.apply(updates2(#"{"Port":{"\#(p2.ovsdbString)":{"delete":null}}}"#))
        #expect(deletion.map(\.kind) == [.delete])
        #expect(cache.row("Port", p2) == nil)
        #expect(cache.rowCount == 2)
        #expect(cache.rows("Port", where: "name", is: "p1").map(\.0) == [p1])
    }

    @Test("update (v1): new replaces the row, no new deletes it")
    func update1() throws {
        var cache = DatabaseCache(schema: schema)
        let insert = try TableUpdates(
            json: JSON.parse(#"{"Port":{"\#(p1.ovsdbString)":{"new":{"name":"p1","tag":["set",[]]}}}}"#), version: .v1)
        #expect(try cache.apply(insert).map(\.kind) == [.insert])
        let modify = try TableUpdates(
            json: JSON.parse(
                #"{"Port":{"\#(p1.ovsdbString)":{"old":{"tag":["set",[]]},"new":{"name":"p1","tag":5}}}}"#),
            version: .v1)
        #expect(try cache.apply(modify).map(\.kind) == [.modify])
        #expect(cache.row("Port", p1)?["tag"] == 5)
        let delete = try TableUpdates(
            json: JSON.parse(#"{"Port":{"\#(p1.ovsdbString)":{"old":{"name":"p1"}}}}"#), version: .v1)
        #expect(try cache.apply(delete).map(\.kind) == [.delete])
        #expect(cache.rows("Port").isEmpty)
    }

    @Test("an update that contradicts the cache fails and leaves the cache unchanged")
    func inconsistent() throws {
        var cache = DatabaseCache(schema: schema)
        try cache.apply(updates2(#"{"Port":{"\#(p1.ovsdbString)":{"insert":{"name":"p1"}}}}"#))
        let before = cache
        let bad = try updates2(
            #"{"Port":{"\#(p2.ovsdbString)":{"insert":{"name":"p2"}}},"Bridge":{"\#(b1.ovsdbString)":{"modify":{"name":"x"}}}}"#
        )
        #expect(throws: CacheError.modifyOfUnknownRow(table: "Bridge", uuid: b1)) { try cache.apply(bad) }
        #expect(cache == before)
        #expect(throws: CacheError.insertOfExistingRow(table: "Port", uuid: p1)) {
            try cache.apply(updates2(#"{"Port":{"\#(p1.ovsdbString)":{"insert":{"name":"p1"}}}}"#))
        }
    }

    @Test("monitoring selected columns fills defaults only for those")
    func selectedColumns() throws {
        var cache = DatabaseCache(schema: schema, monitoredColumns: ["Port": ["name", "tag"]])
        try cache.apply(updates2(#"{"Port":{"\#(p1.ovsdbString)":{"initial":{"name":"p1"}}}}"#))
        #expect(cache.row("Port", p1) == ["name": "p1", "tag": .empty])
    }

    @Test("table-updates round-trip through their JSON", arguments: [TableUpdates.Version.v1, .v2])
    func jsonRoundTrip(version: TableUpdates.Version) throws {
        let updates: TableUpdates =
            version == .v1
            ? TableUpdates(["Port": [p1: .v1(old: ["tag": 1], new: ["tag": 2]), p2: .v1(old: nil, new: ["name": "x"])]])
            : TableUpdates([
                "Port": [p1: .initial(["name": "a"]), p2: .modify(["tag": 3])], "Bridge": [b1: .delete],
            ])
        #expect(try TableUpdates(json: updates.json(), version: version) == updates)
    }

    @Test(
        "malformed table-updates are notation errors",
        arguments: [#"[]"#, #"{"T":1}"#, #"{"T":{"x":{}}}"#, #"{"T":{"00000000-0000-4000-8000-000000000001":{}}}"#])
    func malformed(text: String) throws {
        let json = try JSON.parse(text)
        #expect(throws: NotationError.self) { try TableUpdates(json: json, version: .v2) }
    }
}

@Suite("Full reload after a reconnect")
struct ReloadTests {
    @Test("reload reports exactly the differences: nothing for unchanged rows")
    func reloadDiff() throws {
        let schema = TestSchema.schema
        var cache = DatabaseCache(schema: schema)
        let a = fixedUUID(1)
        let b = fixedUUID(2)
        let c = fixedUUID(3)
        try cache.apply(TableUpdates(["Port": [a: .initial(["name": "a"]), b: .initial(["name": "b"])]]))
        let changes = try cache.reload(
            with: TableUpdates([
                "Port": [a: .initial(["name": "a"]), b: .initial(["name": "b", "tag": 4]), c: .initial(["name": "c"])]
            ]))
        #expect(changes.map(\.kind) == [.modify, .insert])
        #expect(changes.map(\.uuid) == [b, c])
        let removal = try cache.reload(with: TableUpdates(["Port": [c: .initial(["name": "c"])]]))
        #expect(Set(removal.map(\.uuid)) == [a, b])
        #expect(removal.allSatisfy { $0.kind == .delete })
        #expect(cache.rowCount == 1)
    }
}
