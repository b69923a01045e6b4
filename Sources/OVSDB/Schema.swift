import Foundation

/// A database schema (RFC 7047 §3.2), parsed from `get_schema` or an `.ovsschema` file.
public struct DatabaseSchema: Sendable, Hashable {
    public var name: String
    public var version: String
    public var checksum: String?
    public var tables: [String: TableSchema]

    public init(name: String, version: String, checksum: String? = nil, tables: [String: TableSchema]) {
        self.name = name
        self.version = version
        self.checksum = checksum
        self.tables = tables
    }

    public subscript(table: String) -> TableSchema? { tables[table] }
}

public struct TableSchema: Sendable, Hashable {
    public var name: String
    /// User columns only; `_uuid` and `_version` are implicit in every table.
    public var columns: [String: ColumnSchema]
    public var maxRows: Int?
    /// RFC 7047: a root table's rows are never garbage-collected. A schema without the key (old
    /// schemas) treats every table as root.
    public var isRoot: Bool
    public var indexes: [[String]]

    public init(
        name: String, columns: [String: ColumnSchema], maxRows: Int? = nil, isRoot: Bool = true,
        indexes: [[String]] = []
    ) {
        self.name = name
        self.columns = columns
        self.maxRows = maxRows
        self.isRoot = isRoot
        self.indexes = indexes
    }

    public subscript(column: String) -> ColumnSchema? { columns[column] }

    /// The type of a column, including the implicit `_uuid` and `_version`.
    public func type(of column: String) -> ColumnType? {
        if column == "_uuid" || column == "_version" { return ColumnType(key: BaseType(.uuid)) }
        return columns[column]?.type
    }
}

public struct ColumnSchema: Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    public var ephemeral: Bool
    public var mutable: Bool

    public init(name: String, type: ColumnType, ephemeral: Bool = false, mutable: Bool = true) {
        self.name = name
        self.type = type
        self.ephemeral = ephemeral
        self.mutable = mutable
    }
}

/// `<type>`: a key base type, an optional value base type (then the column is a map), and how many
/// elements it may hold.
public struct ColumnType: Sendable, Hashable {
    public var key: BaseType
    public var value: BaseType?
    public var min: Int
    /// `Int.max` for "unlimited".
    public var max: Int

    public init(key: BaseType, value: BaseType? = nil, min: Int = 1, max: Int = 1) {
        self.key = key
        self.value = value
        self.min = min
        self.max = max
    }

    public var isMap: Bool { value != nil }
    /// Exactly one value, written as a bare atom (e.g. `Bridge.name`).
    public var isScalar: Bool { min == 1 && max == 1 && value == nil }
    /// Zero or one value (e.g. `Port.tag`).
    public var isOptional: Bool { min == 0 && max == 1 }
    public var isSet: Bool { value == nil && !isScalar }
}

public enum RefType: String, Sendable, Hashable {
    case strong, weak
}

/// `<base-type>`: an atomic type with its constraints.
public struct BaseType: Sendable, Hashable {
    public var type: AtomicType
    public var enumeration: [Atom]?
    public var minInteger: Int64?
    public var maxInteger: Int64?
    public var minReal: Double?
    public var maxReal: Double?
    public var minLength: Int?
    public var maxLength: Int?
    public var refTable: String?
    public var refType: RefType

    public init(
        _ type: AtomicType, enumeration: [Atom]? = nil, minInteger: Int64? = nil, maxInteger: Int64? = nil,
        minReal: Double? = nil, maxReal: Double? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        refTable: String? = nil, refType: RefType = .strong
    ) {
        self.type = type
        self.enumeration = enumeration
        self.minInteger = minInteger
        self.maxInteger = maxInteger
        self.minReal = minReal
        self.maxReal = maxReal
        self.minLength = minLength
        self.maxLength = maxLength
        self.refTable = refTable
        self.refType = refType
    }
}

// MARK: - Parsing

/// A schema that does not follow RFC 7047 §3.2, with the path to the offending part.
public struct SchemaError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "invalid schema at \(path): \(message)" }
}

extension DatabaseSchema {
    public init(json: JSON) throws(SchemaError) {
        guard case .object(let object) = json else { throw SchemaError(path: "/", message: "not an object") }
        guard let name = object["name"]?.stringValue else { throw SchemaError(path: "/name", message: "missing") }
        guard case .object(let tablesJSON)? = object["tables"] else {
            throw SchemaError(path: "/tables", message: "missing or not an object")
        }
        var tables: [String: TableSchema] = [:]
        for (tableName, tableJSON) in tablesJSON {
            tables[tableName] = try TableSchema(name: tableName, json: tableJSON, hasIsRoot: true)
        }
        // Old schemas have no isRoot anywhere: then every table is a root table (RFC 7047 §3.2).
        let anyRootKey = tablesJSON.values.contains { $0["isRoot"] != nil }
        if !anyRootKey {
            for key in tables.keys { tables[key]?.isRoot = true }
        }
        for (tableName, table) in tables {
            for (columnName, column) in table.columns {
                for base in [column.type.key, column.type.value].compactMap({ $0 }) {
                    if let ref = base.refTable, tables[ref] == nil {
                        throw SchemaError(
                            path: "/tables/\(tableName)/columns/\(columnName)",
                            message: "refTable \(ref) does not exist")
                    }
                }
            }
        }
        self.init(
            name: name, version: object["version"]?.stringValue ?? "", checksum: object["cksum"]?.stringValue,
            tables: tables)
    }

    public init(data: some Collection<UInt8>) throws(SchemaError) {
        let json: JSON
        do { json = try JSON.parse(data) } catch { throw SchemaError(path: "/", message: error.description) }
        try self.init(json: json)
    }
}

extension TableSchema {
    init(name: String, json: JSON, hasIsRoot: Bool) throws(SchemaError) {
        let path = "/tables/\(name)"
        guard case .object(let object) = json else { throw SchemaError(path: path, message: "not an object") }
        guard case .object(let columnsJSON)? = object["columns"] else {
            throw SchemaError(path: path + "/columns", message: "missing or not an object")
        }
        var columns: [String: ColumnSchema] = [:]
        for (columnName, columnJSON) in columnsJSON {
            let columnPath = path + "/columns/" + columnName
            guard case .object(let column) = columnJSON, let typeJSON = column["type"] else {
                throw SchemaError(path: columnPath, message: "missing type")
            }
            let type: ColumnType
            do { type = try ColumnType(json: typeJSON) } catch {
                throw SchemaError(path: columnPath + "/type", message: error.message)
            }
            columns[columnName] = ColumnSchema(
                name: columnName, type: type, ephemeral: column["ephemeral"]?.boolValue ?? false,
                mutable: column["mutable"]?.boolValue ?? true)
        }
        var indexes: [[String]] = []
        for index in object["indexes"]?.arrayValue ?? [] {
            let names = index.arrayValue?.compactMap(\.stringValue) ?? []
            for column in names where columns[column] == nil && column != "_uuid" {
                throw SchemaError(path: path + "/indexes", message: "unknown column \(column)")
            }
            indexes.append(names)
        }
        var maxRows: Int?
        if let value = object["maxRows"]?.integerValue { maxRows = Int(value) }
        self.init(
            name: name, columns: columns, maxRows: maxRows, isRoot: object["isRoot"]?.boolValue ?? false,
            indexes: indexes)
    }
}

extension ColumnType {
    public init(json: JSON) throws(NotationError) {
        if case .string = json {
            self.init(key: try BaseType(json: json))
            return
        }
        guard case .object(let object) = json, let keyJSON = object["key"] else {
            throw NotationError("a type is an atomic-type name or an object with \"key\", got \(json)")
        }
        let key = try BaseType(json: keyJSON)
        let value = try object["value"].map { (json) throws(NotationError) in try BaseType(json: json) }
        let min = Int(object["min"]?.integerValue ?? 1)
        let max: Int
        switch object["max"] {
        case nil: max = 1
        case .string("unlimited")?: max = Int.max
        case .integer(let value)?: max = Int(value)
        case let other?: throw NotationError("max must be an integer or \"unlimited\", got \(other)")
        }
        guard min >= 0, min <= 1, max >= 1, min <= max else {
            throw NotationError("min must be 0 or 1 and max at least 1 and at least min (min \(min), max \(max))")
        }
        self.init(key: key, value: value, min: min, max: max)
    }
}

extension BaseType {
    public init(json: JSON) throws(NotationError) {
        if case .string(let name) = json {
            guard let type = AtomicType(rawValue: name) else { throw NotationError("unknown atomic type \"\(name)\"") }
            self.init(type)
            return
        }
        guard case .object(let object) = json, let name = object["type"]?.stringValue,
            let type = AtomicType(rawValue: name)
        else { throw NotationError("invalid base type \(json)") }
        self.init(type)
        if let enumJSON = object["enum"] {
            enumeration = try Datum(json: enumJSON).atoms.map { $0.coerced(to: type) ?? $0 }
        }
        minInteger = object["minInteger"]?.integerValue
        maxInteger = object["maxInteger"]?.integerValue
        minReal = Self.real(object["minReal"])
        maxReal = Self.real(object["maxReal"])
        minLength = object["minLength"]?.integerValue.map(Int.init)
        maxLength = object["maxLength"]?.integerValue.map(Int.init)
        refTable = object["refTable"]?.stringValue
        if let ref = object["refType"]?.stringValue {
            guard let refType = RefType(rawValue: ref) else { throw NotationError("refType must be strong or weak") }
            self.refType = refType
        }
    }

    static func real(_ json: JSON?) -> Double? {
        switch json {
        case .real(let value)?: return value
        case .integer(let value)?: return Double(value)
        default: return nil
        }
    }
}
