import Foundation

/// A row's columns by name (RFC 7047 `<row>`).
public typealias Row = [String: Datum]

/// RFC 7047 §5.1 `<condition>`: `[column, function, value]`.
public struct Condition: Sendable, Hashable {
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case lessThan = "<"
        case lessThanOrEqual = "<="
        case equal = "=="
        case notEqual = "!="
        case greaterThanOrEqual = ">="
        case greaterThan = ">"
        case includes, excludes
    }

    public var column: String
    public var function: Function
    public var value: Datum

    public init(_ column: String, _ function: Function, _ value: Datum) {
        self.column = column
        self.function = function
        self.value = value
    }

    /// `_uuid == uuid`: the usual way to name one row.
    public static func uuid(_ uuid: UUID) -> Condition {
        Condition("_uuid", .equal, .atom(.uuid(uuid)))
    }

    public var json: JSON { .array([.string(column), .string(function.rawValue), value.json]) }

    public init(json: JSON) throws(NotationError) {
        guard case .array(let parts) = json, parts.count == 3, let column = parts[0].stringValue,
            let name = parts[1].stringValue
        else { throw NotationError("a condition is [column, function, value], got \(json)") }
        guard let function = Function(rawValue: name) else { throw NotationError("unknown function \"\(name)\"") }
        self.init(column, function, try Datum(json: parts[2]))
    }
}

/// RFC 7047 §5.1 `<mutation>`: `[column, mutator, value]`.
public struct Mutation: Sendable, Hashable {
    public enum Mutator: String, Sendable, Hashable, CaseIterable {
        case add = "+="
        case subtract = "-="
        case multiply = "*="
        case divide = "/="
        case modulo = "%="
        case insert, delete
    }

    public var column: String
    public var mutator: Mutator
    public var value: Datum

    public init(_ column: String, _ mutator: Mutator, _ value: Datum) {
        self.column = column
        self.mutator = mutator
        self.value = value
    }

    public var json: JSON { .array([.string(column), .string(mutator.rawValue), value.json]) }

    public init(json: JSON) throws(NotationError) {
        guard case .array(let parts) = json, parts.count == 3, let column = parts[0].stringValue,
            let name = parts[1].stringValue
        else { throw NotationError("a mutation is [column, mutator, value], got \(json)") }
        guard let mutator = Mutator(rawValue: name) else { throw NotationError("unknown mutator \"\(name)\"") }
        self.init(column, mutator, try Datum(json: parts[2]))
    }
}

/// One operation of a `transact` (RFC 7047 §5.2). Built as a value, validated against the schema,
/// sent later.
public enum DBOperation: Sendable, Hashable {
    case insert(table: String, row: Row, uuidName: String? = nil)
    case select(table: String, where: [Condition], columns: [String]? = nil)
    case update(table: String, where: [Condition], row: Row)
    case mutate(table: String, where: [Condition], mutations: [Mutation])
    case delete(table: String, where: [Condition])
    case wait(
        table: String, where: [Condition], columns: [String], until: WaitUntil, rows: [Row], timeout: Int? = nil)
    case commit(durable: Bool)
    case abort
    case comment(String)
    case assert(lock: String)

    public enum WaitUntil: String, Sendable, Hashable {
        case equal = "=="
        case notEqual = "!="
    }

    public var name: String {
        switch self {
        case .insert: return "insert"
        case .select: return "select"
        case .update: return "update"
        case .mutate: return "mutate"
        case .delete: return "delete"
        case .wait: return "wait"
        case .commit: return "commit"
        case .abort: return "abort"
        case .comment: return "comment"
        case .assert: return "assert"
        }
    }

    public var json: JSON {
        var object: [String: JSON] = ["op": .string(name)]
        switch self {
        case .insert(let table, let row, let uuidName):
            object["table"] = .string(table)
            object["row"] = DBOperation.json(row: row)
            if let uuidName { object["uuid-name"] = .string(uuidName) }
        case .select(let table, let conditions, let columns):
            object["table"] = .string(table)
            object["where"] = .array(conditions.map(\.json))
            if let columns { object["columns"] = .array(columns.map(JSON.string)) }
        case .update(let table, let conditions, let row):
            object["table"] = .string(table)
            object["where"] = .array(conditions.map(\.json))
            object["row"] = DBOperation.json(row: row)
        case .mutate(let table, let conditions, let mutations):
            object["table"] = .string(table)
            object["where"] = .array(conditions.map(\.json))
            object["mutations"] = .array(mutations.map(\.json))
        case .delete(let table, let conditions):
            object["table"] = .string(table)
            object["where"] = .array(conditions.map(\.json))
        case .wait(let table, let conditions, let columns, let until, let rows, let timeout):
            object["table"] = .string(table)
            object["where"] = .array(conditions.map(\.json))
            object["columns"] = .array(columns.map(JSON.string))
            object["until"] = .string(until.rawValue)
            object["rows"] = .array(rows.map(DBOperation.json(row:)))
            if let timeout { object["timeout"] = .integer(Int64(timeout)) }
        case .commit(let durable):
            object["durable"] = .bool(durable)
        case .abort:
            break
        case .comment(let text):
            object["comment"] = .string(text)
        case .assert(let lock):
            object["lock"] = .string(lock)
        }
        return .object(object)
    }

    public static func json(row: Row) -> JSON {
        .object(row.mapValues(\.json))
    }

    public static func row(json: JSON) throws(NotationError) -> Row {
        guard case .object(let object) = json else { throw NotationError("a row is an object, got \(json)") }
        var row: Row = [:]
        for (column, value) in object { row[column] = try Datum(json: value) }
        return row
    }

    /// Reads an operation (e.g. from `switchboard db transact`), so typed validation applies to it.
    public init(json: JSON) throws(NotationError) {
        guard case .object(let object) = json, let op = object["op"]?.stringValue else {
            throw NotationError("an operation is an object with \"op\", got \(json)")
        }
        func table() throws(NotationError) -> String {
            guard let table = object["table"]?.stringValue else { throw NotationError("\(op): missing \"table\"") }
            return table
        }
        func conditions() throws(NotationError) -> [Condition] {
            guard case .array(let items)? = object["where"] else { throw NotationError("\(op): missing \"where\"") }
            var result: [Condition] = []
            for item in items { result.append(try Condition(json: item)) }
            return result
        }
        func row() throws(NotationError) -> Row {
            guard let json = object["row"] else { throw NotationError("\(op): missing \"row\"") }
            return try DBOperation.row(json: json)
        }
        func columns() -> [String]? { object["columns"]?.arrayValue?.compactMap(\.stringValue) }
        switch op {
        case "insert":
            self = .insert(table: try table(), row: try row(), uuidName: object["uuid-name"]?.stringValue)
        case "select":
            self = .select(table: try table(), where: try conditions(), columns: columns())
        case "update":
            self = .update(table: try table(), where: try conditions(), row: try row())
        case "mutate":
            guard case .array(let items)? = object["mutations"] else {
                throw NotationError("mutate: missing mutations")
            }
            var mutations: [Mutation] = []
            for item in items { mutations.append(try Mutation(json: item)) }
            self = .mutate(table: try table(), where: try conditions(), mutations: mutations)
        case "delete":
            self = .delete(table: try table(), where: try conditions())
        case "wait":
            guard let until = object["until"]?.stringValue.flatMap(WaitUntil.init(rawValue:)) else {
                throw NotationError("wait: \"until\" must be \"==\" or \"!=\"")
            }
            var rows: [Row] = []
            for item in object["rows"]?.arrayValue ?? [] { rows.append(try DBOperation.row(json: item)) }
            self = .wait(
                table: try table(), where: try conditions(), columns: columns() ?? [], until: until, rows: rows,
                timeout: object["timeout"]?.integerValue.map(Int.init))
        case "commit":
            self = .commit(durable: object["durable"]?.boolValue ?? false)
        case "abort":
            self = .abort
        case "comment":
            self = .comment(object["comment"]?.stringValue ?? "")
        case "assert":
            guard let lock = object["lock"]?.stringValue else { throw NotationError("assert: missing \"lock\"") }
            self = .assert(lock: lock)
        default:
            throw NotationError("unknown operation \"\(op)\"")
        }
    }
}

/// One element of a `transact` reply (RFC 7047 §5.2): what the matching operation produced, or its
/// error.
public struct OperationResult: Sendable, Hashable {
    public var uuid: UUID?
    public var rows: [Row]?
    public var count: Int?
    public var error: String?
    public var details: String?

    public init(uuid: UUID? = nil, rows: [Row]? = nil, count: Int? = nil, error: String? = nil, details: String? = nil)
    {
        self.uuid = uuid
        self.rows = rows
        self.count = count
        self.error = error
        self.details = details
    }

    public init(json: JSON) throws(NotationError) {
        // A null result stands for an operation that was not executed because an earlier one failed.
        if json == .null {
            self.init()
            return
        }
        guard case .object(let object) = json else { throw NotationError("an operation result is an object") }
        var uuid: UUID?
        if let uuidJSON = object["uuid"] {
            guard case .uuid(let value) = try Atom(json: uuidJSON) else { throw NotationError("bad uuid in result") }
            uuid = value
        }
        var rows: [Row]?
        if case .array(let items)? = object["rows"] {
            var parsed: [Row] = []
            for item in items { parsed.append(try DBOperation.row(json: item)) }
            rows = parsed
        }
        self.init(
            uuid: uuid, rows: rows, count: object["count"]?.integerValue.map(Int.init),
            error: object["error"]?.stringValue, details: object["details"]?.stringValue)
    }
}
