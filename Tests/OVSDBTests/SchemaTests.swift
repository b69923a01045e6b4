import Foundation
import Testing

@testable import OVSDB

@Suite("Schema parsing")
struct SchemaTests {
    let schema = TestSchema.schema

    @Test("tables, columns, types, constraints, references, isRoot, indexes, maxRows")
    func parsesEverything() throws {
        #expect(schema.name == "Test")
        #expect(schema.version == "1.2.3")
        #expect(schema.checksum == "1 2")
        let bridge = try #require(schema["Bridge"])
        #expect(bridge.isRoot)
        #expect(bridge.indexes == [["name"]])
        #expect(bridge["name"]?.mutable == false)
        #expect(bridge["name"]?.type.isScalar == true)
        let ports = try #require(bridge["ports"]?.type)
        #expect(ports.key.refTable == "Port")
        #expect(ports.key.refType == .strong)
        #expect(ports.min == 0 && ports.max == Int.max)
        #expect(bridge["fail_mode"]?.type.isOptional == true)
        #expect(bridge["fail_mode"]?.type.key.enumeration == ["secure", "standalone"])
        #expect(bridge["other_config"]?.type.isMap == true)
        #expect(bridge["flood_vlans"]?.type.key.maxInteger == 4095)
        let port = try #require(schema["Port"])
        #expect(!port.isRoot)
        #expect(port["peer"]?.type.key.refType == .weak)
        #expect(port["weight"]?.type.key.minReal == 0)
        #expect(port["label"]?.type.key.maxLength == 4)
        #expect(schema["Single"]?.maxRows == 1)
        #expect(port.type(of: "_uuid") == ColumnType(key: BaseType(.uuid)))
    }

    @Test("a schema with no isRoot anywhere treats every table as root")
    func legacyRoot() throws {
        let old = try DatabaseSchema(
            data: Array(#"{"name":"x","version":"1","tables":{"T":{"columns":{"c":{"type":"integer"}}}}}"#.utf8))
        #expect(old["T"]?.isRoot == true)
    }

    @Test(
        "invalid schemas are errors with a path",
        arguments: [
            #"{"tables":{}}"#, #"{"name":"x"}"#, #"{"name":"x","tables":{"T":{}}}"#,
            #"{"name":"x","tables":{"T":{"columns":{"c":{"type":"float"}}}}}"#,
            #"{"name":"x","tables":{"T":{"columns":{"c":{"type":{"key":"string","max":0}}}}}}"#,
            #"{"name":"x","tables":{"T":{"columns":{"c":{"type":{"key":{"type":"uuid","refTable":"Nope"}}}}}}}"#,
            #"{"name":"x","tables":{"T":{"columns":{"c":{"type":{"key":{"type":"uuid","refType":"soft"}}}}}}}"#,
            #"{"name":"x","tables":{"T":{"columns":{},"indexes":[["nope"]]}}}"#, "[1", "3",
        ])
    func invalid(text: String) {
        #expect(throws: SchemaError.self) { try DatabaseSchema(data: Array(text.utf8)) }
    }

    @Test(
        "the installed vswitch.ovsschema parses",
        .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/openvswitch/vswitch.ovsschema")))
    func vswitchSchema() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/openvswitch/vswitch.ovsschema"))
        let schema = try DatabaseSchema(data: Array(data))
        #expect(schema.name == "Open_vSwitch")
        #expect(schema["Bridge"]?["ports"]?.type.key.refTable == "Port")
        #expect(schema["Port"]?["tag"]?.type.key.maxInteger == 4095)
        #expect(schema["Open_vSwitch"]?.maxRows == 1)
        #expect(schema["Interface"]?.isRoot == false)
    }
}
