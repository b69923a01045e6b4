import OpenFlow

/// Port numbers as ovs-ofctl reads and prints them: decimal, or a reserved name.
public enum PortSyntax {
    static let reserved: [(String, PortNumber)] = [
        ("IN_PORT", .inPort), ("TABLE", .table), ("NORMAL", .normal), ("FLOOD", .flood), ("ALL", .all),
        ("CONTROLLER", .controller), ("LOCAL", .local), ("ANY", .any), ("NONE", .any),
    ]

    /// A number (OpenFlow 1.0 reserved numbers 0xff00... map to their 1.1 values) or a
    /// reserved name in any case. Names of real ports are resolved by `PortNames`.
    public static func parse(_ text: String) -> PortNumber? {
        let upper = text.uppercased()
        if let r = reserved.first(where: { $0.0 == upper }) { return r.1 }
        guard let n = try? ValueSyntax.integer(text, bytes: 4) else { return nil }
        let v = UInt32(n)
        if v >= 0xff00 && v <= 0xffff { return PortNumber(v + 0xffff_0000) }
        return PortNumber(v)
    }

    /// Decimal, or the reserved name; `names` (from `--names`) supplies real port names.
    public static func format(_ port: PortNumber, names: PortNames? = nil) -> String {
        if port.rawValue >= PortNumber.max.rawValue {
            if let r = reserved.first(where: { $0.1 == port }) { return r.0 }
            return String(port.rawValue)
        }
        if let name = names?.name(of: port) { return PortNames.quoted(name) }
        return String(port.rawValue)
    }
}

/// Port names of one switch, for `--names` output and for port names in flows.
public struct PortNames: Sendable, Hashable {
    public var byNumber: [UInt32: String]
    public var byName: [String: UInt32]

    public init(_ ports: [(number: UInt32, name: String)]) {
        byNumber = [:]
        byName = [:]
        for p in ports {
            byNumber[p.number] = p.name
            byName[p.name] = p.number
        }
    }

    public func name(of port: PortNumber) -> String? { byNumber[port.rawValue] }

    /// ovs-ofctl quotes a name that could be read as something else.
    static func quoted(_ name: String) -> String {
        let plain =
            !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "_-.".contains($0) }
            && !name.allSatisfy(\.isNumber) && PortSyntax.parse(name) == nil
        return plain ? name : "\"\(name)\""
    }
}
