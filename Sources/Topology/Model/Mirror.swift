/// An OVS port mirror: what it selects and where the copies go.
public struct Mirror: Sendable, Hashable {
    public let name: String
    public let selectAll: Bool
    public let selectSourcePorts: [String]
    public let selectDestinationPorts: [String]
    public let selectVLANs: [Int]
    public let output: Output
    public let location: SourceLocation?

    public enum Output: Sendable, Hashable {
        case port(String)
        case vlan(Int)
    }

    public init(
        name: String, selectAll: Bool = false, selectSourcePorts: [String] = [], selectDestinationPorts: [String] = [],
        selectVLANs: [Int] = [], output: Output, location: SourceLocation? = nil
    ) {
        self.name = name
        self.selectAll = selectAll
        self.selectSourcePorts = selectSourcePorts
        self.selectDestinationPorts = selectDestinationPorts
        self.selectVLANs = selectVLANs
        self.output = output
        self.location = location
    }
}
