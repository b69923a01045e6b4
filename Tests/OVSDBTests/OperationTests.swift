import Foundation
import Testing

@testable import OVSDB

@Suite("Operations, conditions, mutations and results in RFC 7047 notation")
struct OperationTests {
    let uuid = fixedUUID(1)

    @Test("every operation serialises to RFC 7047 JSON and reads back")
    func roundTrip() throws {
        let operations: [(DBOperation, String)] = [
            (
                .insert(table: "Bridge", row: ["name": "br0"], uuidName: "new_br"),
                #"{"op":"insert","row":{"name":"br0"},"table":"Bridge","uuid-name":"new_br"}"#
            ),
            (
                .select(table: "Port", where: [Condition("tag", .greaterThanOrEqual, 10)], columns: ["name"]),
                #"{"columns":["name"],"op":"select","table":"Port","where":[["tag",">=",10]]}"#
            ),
            (
                .update(table: "Port", where: [.uuid(uuid)], row: ["trunks": .setOf([1, 2])]),
                #"{"op":"update","row":{"trunks":["set",[1,2]]},"table":"Port","where":[["_uuid","==",["uuid","00000000-0000-4000-8000-000000000001"]]]}"#
            ),
            (
                .mutate(table: "Bridge", where: [], mutations: [Mutation("ports", .insert, .set([.namedUUID("p")]))]),
                #"{"mutations":[["ports","insert",["named-uuid","p"]]],"op":"mutate","table":"Bridge","where":[]}"#
            ),
            (
                .delete(table: "Port", where: [Condition("name", .notEqual, "x")]),
                #"{"op":"delete","table":"Port","where":[["name","!=","x"]]}"#
            ),
            (
                .wait(table: "Port", where: [], columns: ["tag"], until: .equal, rows: [["tag": .empty]], timeout: 0),
                #"{"columns":["tag"],"op":"wait","rows":[{"tag":["set",[]]}],"table":"Port","timeout":0,"until":"==","where":[]}"#
            ),
            (.commit(durable: true), #"{"durable":true,"op":"commit"}"#),
            (.abort, #"{"op":"abort"}"#),
            (.comment("hi"), #"{"comment":"hi","op":"comment"}"#),
            (.assert(lock: "l"), #"{"lock":"l","op":"assert"}"#),
        ]
        for (operation, text) in operations {
            #expect(operation.json.serialized() == text)
            #expect(try DBOperation(json: JSON.parse(text)) == operation)
        }
    }

    @Test("every condition function and mutator has its RFC spelling")
    func spellings() throws {
        #expect(
            Condition.Function.allCases.map(\.rawValue) == ["<", "<=", "==", "!=", ">=", ">", "includes", "excludes"])
        #expect(Mutation.Mutator.allCases.map(\.rawValue) == ["+=", "-=", "*=", "/=", "%=", "insert", "delete"])
        for function in Condition.Function.allCases {
            let condition = Condition("c", function, 1)
            #expect(try Condition(json: condition.json) == condition)
        }
        for mutator in Mutation.Mutator.allCases {
            let mutation = Mutation("c", mutator, 1)
            #expect(try Mutation(json: mutation.json) == mutation)
        }
    }

    @Test(
        "malformed operations are notation errors",
        arguments: [
            #"{"op":"frobnicate"}"#, #"{"table":"x"}"#, #"{"op":"insert","table":"T"}"#,
            #"{"op":"select","table":"T"}"#,
            #"{"op":"select","table":"T","where":[["c","~=",1]]}"#, #"{"op":"mutate","table":"T","where":[]}"#,
            #"{"op":"wait","table":"T","where":[],"until":"<"}"#, #"{"op":"assert"}"#, "[]",
            #"{"op":"mutate","table":"T","where":[],"mutations":[["c","^=",1]]}"#,
        ])
    func malformed(text: String) throws {
        let json = try JSON.parse(text)
        #expect(throws: NotationError.self) { try DBOperation(json: json) }
    }

    @Test("results: uuid, rows, count, error, and null for operations not executed")
    func results() throws {
        let insert = try OperationResult(json: JSON.parse(#"{"uuid":["uuid","00000000-0000-4000-8000-000000000001"]}"#))
        #expect(insert.uuid == uuid)
        let select = try OperationResult(json: JSON.parse(#"{"rows":[{"name":"br0","tag":["set",[]]}]}"#))
        #expect(select.rows == [["name": "br0", "tag": .empty]])
        #expect(try OperationResult(json: JSON.parse(#"{"count":3}"#)).count == 3)
        let error = try OperationResult(json: JSON.parse(#"{"error":"constraint violation","details":"x"}"#))
        #expect(error.error == "constraint violation" && error.details == "x")
        #expect(try OperationResult(json: .null) == OperationResult())
        #expect(throws: NotationError.self) { try OperationResult(json: JSON.parse(#"{"uuid":"x"}"#)) }
    }
}
