import Foundation
import Testing

@testable import OVSDB

@Suite("ovs-vsctl value syntax")
struct DatumTextTests {
    let string = ColumnType(key: BaseType(.string))
    let integers = ColumnType(key: BaseType(.integer), min: 0, max: .max)
    let map = ColumnType(key: BaseType(.string), value: BaseType(.string), min: 0, max: .max)

    @Test("atoms, sets with and without brackets, maps, quoting")
    func parses() throws {
        #expect(try DatumText.parse("br0", as: string) == "br0")
        #expect(try DatumText.parse(#""a, b""#, as: string) == "a, b")
        #expect(try DatumText.parse("[10, 20]", as: integers) == .setOf([10, 20]))
        #expect(try DatumText.parse("30,10", as: integers) == .setOf([10, 30]))
        #expect(try DatumText.parse("[]", as: integers) == .empty)
        #expect(try DatumText.parse(#"{a=1, b="x=y, z"}"#, as: map) == .stringMap(["a": "1", "b": "x=y, z"]))
        #expect(try DatumText.parseAtom("true", as: BaseType(.boolean)) == .boolean(true))
        #expect(try DatumText.parseAtom("1.5", as: BaseType(.real)) == .real(1.5))
        #expect(
            try DatumText.parseAtom("00000000-0000-4000-8000-000000000001", as: BaseType(.uuid)) == .uuid(fixedUUID(1)))
    }

    @Test("bad text names the problem")
    func errors() {
        #expect(throws: DatumText.ParseError.self) { try DatumText.parse("ten", as: integers) }
        #expect(throws: DatumText.ParseError.self) { try DatumText.parse("{a}", as: map) }
        #expect(throws: DatumText.ParseError.self) { try DatumText.parse(#""open"#, as: string) }
        #expect(throws: DatumText.ParseError.self) { try DatumText.parseAtom("yes", as: BaseType(.boolean)) }
        #expect(throws: DatumText.ParseError.self) { try DatumText.parseAtom("x", as: BaseType(.uuid)) }
    }
}

private let vswitchSchemaPath = "/usr/share/openvswitch/vswitch.ovsschema"

@Suite(
    "Typed Open_vSwitch plans and show (pure)",
    .enabled(if: FileManager.default.fileExists(atPath: vswitchSchemaPath), "needs vswitch.ovsschema"))
struct VSwitchPlanTests {
    func emptyDatabase() throws -> DatabaseCache {
        let schema = try DatabaseSchema(data: Array(Data(contentsOf: URL(fileURLWithPath: vswitchSchemaPath))))
        var cache = DatabaseCache(schema: schema)
        try cache.apply(TableUpdates(["Open_vSwitch": [fixedUUID(1): .initial(["ovs_version": "3.1.0"])]]))
        return cache
    }

    @Test("add-br plans one transaction that validates and links interface, port, bridge and root")
    func addBridge() throws {
        let cache = try emptyDatabase()
        let operations = try VSwitchPlan.addBridge(
            "br0",
            options: BridgeOptions(
                datapathType: "dummy", failMode: "secure", protocols: ["OpenFlow14"], controllers: ["tcp:1.2.3.4:6653"],
                datapathID: "00000000000000aa"),
            in: cache)
        try cache.schema.validate(operations)
        #expect(operations.map(\.name) == ["insert", "insert", "insert", "insert", "mutate"])
        #expect(throws: VSwitchError.self) {
            try VSwitchPlan.addBridge("br0", options: BridgeOptions(datapathID: "xyz"), in: cache)
        }
        #expect(throws: VSwitchError.noSuchBridge("nope")) { try VSwitchPlan.addPort("p", to: "nope", in: cache) }
    }

    @Test("show of a replica built from updates")
    func show() throws {
        var cache = try emptyDatabase()
        let (bridge, port, interface) = (fixedUUID(2), fixedUUID(3), fixedUUID(4))
        try cache.apply(
            TableUpdates([
                "Open_vSwitch": [fixedUUID(1): .modify(["bridges": .set([.uuid(bridge)])])],
                "Bridge": [bridge: .insert(["name": "br0", "ports": .set([.uuid(port)]), "fail_mode": "secure"])],
                "Port": [port: .insert(["name": "p 1", "interfaces": .set([.uuid(interface)]), "tag": 7])],
                "Interface": [
                    interface: .insert([
                        "name": "p 1", "type": "vxlan", "options": .stringMap(["remote_ip": "10.0.0.1"]),
                    ])
                ],
            ]))
        let expected = """
            00000000-0000-4000-8000-000000000001
                Bridge br0
                    fail_mode: secure
                    Port "p 1"
                        tag: 7
                        Interface "p 1"
                            type: vxlan
                            options: {remote_ip="10.0.0.1"}
                ovs_version: "3.1.0"

            """
        #expect(VSwitchShow.render(cache) == expected)
    }
}
