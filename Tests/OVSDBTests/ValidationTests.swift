import Foundation
import Testing

@testable import OVSDB

@Suite("Local validation of operations against the schema")
struct ValidationTests {
    let schema = TestSchema.schema

    func check(_ operation: DBOperation) throws(ValidationError) { try schema.validate([operation]) }

    @Test("good operations pass")
    func good() throws {
        try check(
            .insert(
                table: "Bridge",
                row: [
                    "name": "br0", "fail_mode": "secure", "protocols": .setOf(["OpenFlow14"]),
                    "other_config": .stringMap(["datapath-id": "0000000000000001"]), "flood_vlans": .setOf([1, 4095]),
                    "ports": .set([.namedUUID("p")]),
                ], uuidName: "br"))
        try check(.update(table: "Port", where: [Condition("name", .equal, "p1")], row: ["tag": 10, "weight": 1]))
        try check(.mutate(table: "Port", where: [], mutations: [Mutation("trunks", .insert, .setOf([1, 2]))]))
        try check(.mutate(table: "Port", where: [], mutations: [Mutation("counter", .add, 5)]))
        try check(.mutate(table: "Bridge", where: [], mutations: [Mutation("other_config", .delete, .setOf(["k"]))]))
        try check(.select(table: "Port", where: [Condition("tag", .lessThan, 5)], columns: ["name", "_uuid"]))
        try check(.delete(table: "Port", where: [.uuid(UUID())]))
        try check(.wait(table: "Port", where: [], columns: ["tag"], until: .equal, rows: [["tag": .empty]], timeout: 0))
        try check(.comment("x"))
    }

    @Test("unknown table and column name them")
    func unknownNames() {
        #expect(throws: ValidationError.unknownTable("Brdge")) { try check(.insert(table: "Brdge", row: [:])) }
        #expect(throws: ValidationError.unknownColumn(table: "Bridge", column: "nme")) {
            try check(.insert(table: "Bridge", row: ["nme": "x"]))
        }
        #expect(throws: ValidationError.unknownColumn(table: "Port", column: "vlan")) {
            try check(.select(table: "Port", where: [Condition("vlan", .equal, 1)]))
        }
        #expect(throws: ValidationError.unknownColumn(table: "Port", column: "x")) {
            try check(.mutate(table: "Port", where: [], mutations: [Mutation("x", .add, 1)]))
        }
    }

    @Test("wrong type, enum and range errors carry table, column and value")
    func valueErrors() {
        #expect(
            throws: ValidationError.wrongType(table: "Port", column: "tag", value: "\"ten\"", expected: "a integer")
        ) {
            try check(.update(table: "Port", where: [], row: ["tag": "ten"]))
        }
        let enumError = ValidationError.notInEnum(
            table: "Bridge", column: "fail_mode", value: "\"open\"", allowed: ["\"secure\"", "\"standalone\""])
        #expect(throws: enumError) { try check(.update(table: "Bridge", where: [], row: ["fail_mode": "open"])) }
        #expect(enumError.description == #"Bridge.fail_mode: "open" is not one of "secure", "standalone""#)
        #expect(throws: ValidationError.outOfRange(table: "Port", column: "tag", value: "4096", range: "0...4095")) {
            try check(.update(table: "Port", where: [], row: ["tag": 4096]))
        }
        #expect(throws: ValidationError.self) {
            try check(.update(table: "Port", where: [], row: ["weight": .atom(.real(1.5))]))
        }
        #expect(throws: ValidationError.self) {
            try check(.update(table: "Port", where: [], row: ["label": "toolong"]))
        }
        #expect(throws: ValidationError.self) { try check(.update(table: "Port", where: [], row: ["label": ""])) }
        #expect(throws: ValidationError.self) {
            try check(.update(table: "Bridge", where: [], row: ["other_config": .stringMap(["a": "b"]), "ports": "x"]))
        }
        #expect(throws: ValidationError.self) {
            try check(.update(table: "Bridge", where: [], row: ["flood_vlans": .stringMap(["a": "b"])]))
        }
        #expect(throws: ValidationError.self) {
            try check(.update(table: "Port", where: [], row: ["tag": .atom(.real(1))]))
        }
        #expect(throws: ValidationError.self) {
            try check(.mutate(table: "Port", where: [], mutations: [Mutation("trunks", .insert, .setOf([5000]))]))
        }
    }

    @Test("counts, immutability, mutators and condition functions")
    func structuralErrors() {
        #expect(throws: ValidationError.wrongCount(table: "Port", column: "tag", count: 2, min: 0, max: 1)) {
            try check(.update(table: "Port", where: [], row: ["tag": .setOf([1, 2])]))
        }
        #expect(throws: ValidationError.wrongCount(table: "Bridge", column: "stp_enable", count: 0, min: 1, max: 1)) {
            try check(.update(table: "Bridge", where: [], row: ["stp_enable": .empty]))
        }
        #expect(throws: ValidationError.immutableColumn(table: "Bridge", column: "name")) {
            try check(.update(table: "Bridge", where: [], row: ["name": "x"]))
        }
        #expect(throws: ValidationError.self) {
            try check(.mutate(table: "Bridge", where: [], mutations: [Mutation("other_config", .add, 1)]))
        }
        #expect(throws: ValidationError.self) {
            try check(.mutate(table: "Port", where: [], mutations: [Mutation("weight", .modulo, 1)]))
        }
        #expect(throws: ValidationError.self) {
            try check(.mutate(table: "Port", where: [], mutations: [Mutation("counter", .add, .setOf([1, 2]))]))
        }
        #expect(throws: ValidationError.self) {
            try check(.select(table: "Bridge", where: [Condition("name", .lessThan, "a")]))
        }
        #expect(throws: ValidationError.invalidUUIDName("1bad")) {
            try check(.insert(table: "Port", row: [:], uuidName: "1bad"))
        }
    }
}
