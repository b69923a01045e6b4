import Foundation

/// An operation that the schema says the server would reject, caught before it is sent. Every case
/// names the table and column and shows the offending value.
public enum ValidationError: Error, Equatable, CustomStringConvertible {
    case unknownTable(String)
    case unknownColumn(table: String, column: String)
    case wrongType(table: String, column: String, value: String, expected: String)
    case notInEnum(table: String, column: String, value: String, allowed: [String])
    case outOfRange(table: String, column: String, value: String, range: String)
    case wrongCount(table: String, column: String, count: Int, min: Int, max: Int)
    case immutableColumn(table: String, column: String)
    case invalidMutation(table: String, column: String, mutator: String, reason: String)
    case invalidCondition(table: String, column: String, function: String, reason: String)
    case invalidUUIDName(String)

    public var description: String {
        switch self {
        case .unknownTable(let table):
            return "unknown table \(table)"
        case .unknownColumn(let table, let column):
            return "table \(table) has no column \(column)"
        case .wrongType(let table, let column, let value, let expected):
            return "\(table).\(column): \(value) is not \(expected)"
        case .notInEnum(let table, let column, let value, let allowed):
            return "\(table).\(column): \(value) is not one of \(allowed.joined(separator: ", "))"
        case .outOfRange(let table, let column, let value, let range):
            return "\(table).\(column): \(value) is outside \(range)"
        case .wrongCount(let table, let column, let count, let min, let max):
            let maxText = max == Int.max ? "unlimited" : String(max)
            return "\(table).\(column): \(count) value(s), but the column takes \(min) to \(maxText)"
        case .immutableColumn(let table, let column):
            return "\(table).\(column) is immutable: it can only be set on insert"
        case .invalidMutation(let table, let column, let mutator, let reason):
            return "\(table).\(column): mutator \(mutator) \(reason)"
        case .invalidCondition(let table, let column, let function, let reason):
            return "\(table).\(column): condition \(function) \(reason)"
        case .invalidUUIDName(let name):
            return "invalid uuid-name \"\(name)\": must match [_a-zA-Z][_a-zA-Z0-9]*"
        }
    }
}

extension BaseType {
    /// Why `atom` does not fit this base type, or nil when it does.
    func problem(with atom: Atom, table: String, column: String) -> ValidationError? {
        // Formatted only for an error: validation runs over every atom of big transactions.
        var value: String { atom.jsonText }
        guard atom.type == type || (type == .real && atom.type == .integer) else {
            return .wrongType(table: table, column: column, value: value, expected: "a \(type.rawValue)")
        }
        if let enumeration, !enumeration.contains(where: { $0 == (atom.coerced(to: type) ?? atom) }) {
            return .notInEnum(table: table, column: column, value: value, allowed: enumeration.map(\.jsonText))
        }
        switch atom {
        case .integer(let number) where type == .integer:
            if let minInteger, number < minInteger { return integerRange(table, column, value) }
            if let maxInteger, number > maxInteger { return integerRange(table, column, value) }
        case .real, .integer:
            guard let number = atom.realValue else { break }
            if let minReal, number < minReal { return realRange(table, column, value) }
            if let maxReal, number > maxReal { return realRange(table, column, value) }
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minLength, length < minLength {
                return .outOfRange(table: table, column: column, value: value, range: lengthRange)
            }
            if let maxLength, length > maxLength {
                return .outOfRange(table: table, column: column, value: value, range: lengthRange)
            }
        default:
            break
        }
        return nil
    }

    private func integerRange(_ table: String, _ column: String, _ value: String) -> ValidationError {
        .outOfRange(
            table: table, column: column, value: value,
            range: "\(minInteger.map(String.init) ?? "-∞")...\(maxInteger.map(String.init) ?? "∞")")
    }

    private func realRange(_ table: String, _ column: String, _ value: String) -> ValidationError {
        .outOfRange(
            table: table, column: column, value: value,
            range: "\(minReal.map { "\($0)" } ?? "-∞")...\(maxReal.map { "\($0)" } ?? "∞")")
    }

    private var lengthRange: String {
        "lengths \(minLength ?? 0)...\(maxLength.map(String.init) ?? "∞")"
    }
}

extension Atom {
    /// The JSON text of the atom, for error messages.
    var jsonText: String { json.serialized() }
}

extension ColumnType {
    /// Checks every atom and the element count. `countChecked` is off for mutation arguments and
    /// conditions, whose values may hold any number of elements.
    public func validate(
        _ datum: Datum, table: String, column: String, countChecked: Bool = true
    )
        throws(ValidationError)
    {
        switch datum {
        case .set(let atoms):
            if isMap, !atoms.isEmpty {
                throw .wrongType(table: table, column: column, value: datum.json.serialized(), expected: "a map")
            }
            for atom in atoms {
                if let problem = key.problem(with: atom, table: table, column: column) { throw problem }
            }
        case .map(let entries):
            guard let value else {
                throw .wrongType(
                    table: table, column: column, value: datum.json.serialized(), expected: "a \(key.type.rawValue)")
            }
            for entry in entries {
                if let problem = key.problem(with: entry.key, table: table, column: column) { throw problem }
                if let problem = value.problem(with: entry.value, table: table, column: column) { throw problem }
            }
        }
        if countChecked, datum.count < min || datum.count > max {
            throw .wrongCount(table: table, column: column, count: datum.count, min: min, max: max)
        }
    }
}

extension DatabaseSchema {
    /// Checks a whole transaction against the schema; throws the first problem found.
    public func validate(_ operations: [DBOperation]) throws(ValidationError) {
        for operation in operations { try validate(operation) }
    }

    public func validate(_ operation: DBOperation) throws(ValidationError) {
        switch operation {
        case .insert(let table, let row, let uuidName):
            if let uuidName, !Atom.isValidUUIDName(uuidName) { throw .invalidUUIDName(uuidName) }
            let schema = try tableSchema(table)
            try validate(row: row, in: schema, isInsert: true)
        case .select(let table, let conditions, let columns):
            let schema = try tableSchema(table)
            try validate(conditions: conditions, in: schema)
            for column in columns ?? [] { _ = try columnType(column, in: schema) }
        case .update(let table, let conditions, let row):
            let schema = try tableSchema(table)
            try validate(conditions: conditions, in: schema)
            try validate(row: row, in: schema, isInsert: false)
        case .mutate(let table, let conditions, let mutations):
            let schema = try tableSchema(table)
            try validate(conditions: conditions, in: schema)
            for mutation in mutations { try validate(mutation: mutation, in: schema) }
        case .delete(let table, let conditions):
            try validate(conditions: conditions, in: try tableSchema(table))
        case .wait(let table, let conditions, let columns, _, let rows, _):
            let schema = try tableSchema(table)
            try validate(conditions: conditions, in: schema)
            for column in columns { _ = try columnType(column, in: schema) }
            for row in rows {
                for (column, value) in row {
                    try columnType(column, in: schema).validate(value, table: table, column: column)
                }
            }
        case .commit, .abort, .comment, .assert:
            break
        }
    }

    func tableSchema(_ table: String) throws(ValidationError) -> TableSchema {
        guard let schema = tables[table] else { throw .unknownTable(table) }
        return schema
    }

    func columnType(_ column: String, in table: TableSchema) throws(ValidationError) -> ColumnType {
        guard let type = table.type(of: column) else { throw .unknownColumn(table: table.name, column: column) }
        return type
    }

    func validate(row: Row, in table: TableSchema, isInsert: Bool) throws(ValidationError) {
        for (column, value) in row {
            guard let schema = table.columns[column] else {
                throw .unknownColumn(table: table.name, column: column)
            }
            if !isInsert, !schema.mutable { throw .immutableColumn(table: table.name, column: column) }
            try schema.type.validate(value, table: table.name, column: column)
        }
    }

    func validate(conditions: [Condition], in table: TableSchema) throws(ValidationError) {
        for condition in conditions {
            let type = try columnType(condition.column, in: table)
            let function = condition.function
            switch function {
            case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual:
                guard type.isScalar || type.isOptional, !type.isMap, type.key.type == .integer || type.key.type == .real
                else {
                    throw .invalidCondition(
                        table: table.name, column: condition.column, function: function.rawValue,
                        reason: "needs an integer or real column with at most one value")
                }
            case .equal, .notEqual, .includes, .excludes:
                break
            }
            try type.validate(condition.value, table: table.name, column: condition.column, countChecked: false)
        }
    }

    func validate(mutation: Mutation, in table: TableSchema) throws(ValidationError) {
        guard let schema = table.columns[mutation.column] else {
            throw .unknownColumn(table: table.name, column: mutation.column)
        }
        guard schema.mutable else { throw .immutableColumn(table: table.name, column: mutation.column) }
        let type = schema.type
        switch mutation.mutator {
        case .add, .subtract, .multiply, .divide, .modulo:
            let arithmetic = [.integer, .real].contains(type.key.type) && !type.isMap
            guard arithmetic, mutation.mutator != .modulo || type.key.type == .integer else {
                throw .invalidMutation(
                    table: table.name, column: mutation.column, mutator: mutation.mutator.rawValue,
                    reason: "needs a column of integers" + (mutation.mutator == .modulo ? "" : " or reals"))
            }
            guard let scalar = mutation.value.scalar else {
                throw .invalidMutation(
                    table: table.name, column: mutation.column, mutator: mutation.mutator.rawValue,
                    reason: "takes exactly one number, got \(mutation.value.json.serialized())")
            }
            // The operand is checked for its type only: a range applies to the result, not the operand.
            var operandType = type.key
            operandType.minInteger = nil
            operandType.maxInteger = nil
            operandType.minReal = nil
            operandType.maxReal = nil
            operandType.enumeration = nil
            if let problem = operandType.problem(with: scalar, table: table.name, column: mutation.column) {
                throw problem
            }
        case .insert:
            try type.validate(mutation.value, table: table.name, column: mutation.column, countChecked: false)
        case .delete:
            // Deleting from a map takes either a map (key and value must match) or a set of keys.
            if type.isMap, case .set = mutation.value {
                try ColumnType(key: type.key, min: 0, max: Int.max).validate(
                    mutation.value, table: table.name, column: mutation.column, countChecked: false)
            } else {
                try type.validate(mutation.value, table: table.name, column: mutation.column, countChecked: false)
            }
        }
    }
}
