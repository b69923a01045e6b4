import Foundation
import Testing

@testable import OVSDB

@Suite("Atoms, sets and maps in RFC 7047 notation")
struct DatumTests {
    let uuid = fixedUUID(0x10)

    @Test("atoms both ways")
    func atoms() throws {
        let cases: [(Atom, String)] = [
            (.integer(42), "42"), (.real(1.5), "1.5"), (.boolean(true), "true"), (.string("br0"), #""br0""#),
            (.uuid(uuid), #"["uuid","00000000-0000-4000-8000-000000000010"]"#),
            (.namedUUID("row1"), #"["named-uuid","row1"]"#),
        ]
        for (atom, text) in cases {
            #expect(atom.json.serialized() == text)
            #expect(try Atom(json: JSON.parse(text)) == atom)
        }
    }

    @Test(
        "bad atoms name what was wrong",
        arguments: [#"["uuid","nope"]"#, #"["named-uuid","1x"]"#, #"["x","y"]"#, "null", "{}"])
    func badAtoms(text: String) throws {
        let json = try JSON.parse(text)
        #expect(throws: NotationError.self) { try Atom(json: json) }
    }

    @Test("a one-element set is written as the bare atom and read back from either form")
    func bareAtomSet() throws {
        let one = Datum.set([.string("x")])
        #expect(one.json.serialized() == #""x""#)
        #expect(try Datum(json: JSON.parse(#""x""#)) == one)
        #expect(try Datum(json: JSON.parse(#"["set",["x"]]"#)) == one)
        #expect(Datum.empty.json.serialized() == #"["set",[]]"#)
    }

    @Test("sets are sorted and deduplicated; maps sorted by key")
    func normalised() throws {
        let set = try Datum(json: JSON.parse(#"["set",[3,1,2,1]]"#))
        #expect(set == .set([1, 2, 3]))
        #expect(set.json.serialized() == #"["set",[1,2,3]]"#)
        let map = try Datum(json: JSON.parse(#"["map",[["b","2"],["a","1"]]]"#))
        #expect(map == .stringMap(["a": "1", "b": "2"]))
        #expect(map.json.serialized() == #"["map",[["a","1"],["b","2"]]]"#)
        #expect(map[.string("b")] == .string("2"))
        #expect(map.stringDictionary == ["a": "1", "b": "2"])
        let uuids = try Datum(json: JSON.parse(#"["set",[["uuid","00000000-0000-4000-8000-000000000010"]]]"#))
        #expect(uuids.uuids == [uuid])
    }

    @Test("malformed sets and maps", arguments: [#"["set",1]"#, #"["map",[["a"]]]"#, #"["map",1]"#, #"["set",[{}]]"#])
    func badDatum(text: String) throws {
        let json = try JSON.parse(text)
        #expect(throws: NotationError.self) { try Datum(json: json) }
    }

    @Test("ovs-vsctl text form follows the column type")
    func formatted() {
        let scalar = ColumnType(key: BaseType(.string))
        let optional = ColumnType(key: BaseType(.integer), min: 0, max: 1)
        let set = ColumnType(key: BaseType(.integer), min: 0, max: 4095)
        let map = ColumnType(key: BaseType(.string), value: BaseType(.string), min: 0, max: .max)
        #expect(Datum.atom("br0").formatted(as: scalar) == "br0")
        #expect(Datum.atom("a b").formatted(as: scalar) == #""a b""#)
        #expect(Datum.atom("true").formatted(as: scalar) == #""true""#)
        #expect(Datum.atom("10").formatted(as: scalar) == #""10""#)
        #expect(Datum.atom("x-1.y_2").formatted(as: scalar) == "x-1.y_2")
        #expect(Datum.atom("00000000-0000-4000-8000-000000000010").formatted(as: scalar).hasPrefix("\""))
        #expect(Datum.empty.formatted(as: optional) == "[]")
        #expect(Datum.atom(10).formatted(as: optional) == "10")
        #expect(Datum.setOf([.integer(20), .integer(10)]).formatted(as: set) == "[10, 20]")
        #expect(Datum.atom(10).formatted(as: set) == "[10]")
        #expect(Datum.stringMap(["b": "x y", "a": "1"]).formatted(as: map) == #"{a="1", b="x y"}"#)
        #expect(Datum.map([]).formatted(as: map) == "{}")
        #expect(Atom.real(1.5).description == "1.5")
        #expect(Atom.real(2).description == "2")
    }

    @Test("update2 diffs: scalars replaced, set elements toggled, map keys added/removed/changed")
    func diffs() {
        let scalar = ColumnType(key: BaseType(.string), min: 0, max: 1)
        #expect(Datum.atom("a").applying(diff: .atom("b"), type: scalar) == .atom("b"))
        #expect(Datum.atom("a").applying(diff: .empty, type: scalar) == .empty)
        let set = ColumnType(key: BaseType(.integer), min: 0, max: .max)
        #expect(Datum.setOf([1, 2, 3]).applying(diff: .setOf([3, 4]), type: set) == .setOf([1, 2, 4]))
        let map = ColumnType(key: BaseType(.string), value: BaseType(.string), min: 0, max: .max)
        let old = Datum.stringMap(["keep": "1", "drop": "2", "change": "3"])
        let new = Datum.stringMap(["keep": "1", "change": "33", "add": "4"])
        let diff = old.diff(to: new, type: map)
        #expect(diff == .stringMap(["drop": "2", "change": "33", "add": "4"]))
        #expect(old.applying(diff: diff, type: map) == new)
        #expect(Datum.map([]).applying(diff: .stringMap(["a": "b"]), type: map) == .stringMap(["a": "b"]))
        #expect(Datum.set([]).applying(diff: .stringMap(["a": "b"]), type: map) == .stringMap(["a": "b"]))
        let oldSet = Datum.setOf([1, 5, 9])
        let newSet = Datum.setOf([5, 7])
        #expect(oldSet.applying(diff: oldSet.diff(to: newSet, type: set), type: set) == newSet)
    }

    @Test("defaults follow the type")
    func defaults() {
        #expect(Datum.defaultValue(for: ColumnType(key: BaseType(.integer))) == .atom(0))
        #expect(Datum.defaultValue(for: ColumnType(key: BaseType(.string))) == .atom(""))
        #expect(Datum.defaultValue(for: ColumnType(key: BaseType(.boolean))) == .atom(false))
        #expect(Datum.defaultValue(for: ColumnType(key: BaseType(.string), min: 0, max: 1)) == .empty)
        #expect(
            Datum.defaultValue(for: ColumnType(key: BaseType(.string), value: BaseType(.string), min: 0, max: .max))
                == .map([]))
    }
}

@Suite("uuid text and order")
struct UUIDTextTests {
    @Test("hand-made lowercase text matches Foundation's, and byte order matches text order")
    func matchesFoundation() {
        let uuids = (0..<200).map { _ in UUID() }
        for uuid in uuids { #expect(uuid.ovsdbString == uuid.uuidString.lowercased()) }
        #expect(uuids.sorted { $0.ovsdbPrecedes($1) } == uuids.sorted { $0.uuidString < $1.uuidString })
    }
}

@Suite("uuid parsing")
struct UUIDParseTests {
    @Test("the fast parser agrees with Foundation, rejects malformed text")
    func parse() {
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(UUID(ovsdbString: uuid.ovsdbString) == uuid)
            #expect(UUID(ovsdbString: uuid.uuidString) == uuid)
        }
        for bad in [
            "", "x", "00000000-0000-4000-8000-00000000000g", "000000000000-4000-8000-0000000000001",
            "00000000-0000-4000-8000-0000000000012",
        ] {
            #expect(UUID(ovsdbString: bad) == nil)
        }
    }
}
