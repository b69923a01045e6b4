import OpenFlow

/// One table of Switchboard's flow pipeline, declared as data so every emitted flow can be checked
/// against it (Docs/pipeline.md draws it).
public struct PipelineTable: Hashable, Sendable {
    public let id: UInt8
    public let name: String
    public let purpose: String
    /// Tables a flow here may continue to (goto_table, resubmit, ct recirculation, group buckets).
    public let next: Set<UInt8>
    /// Whether packets here have been through conntrack, so `ct_state` may be matched.
    public let tracked: Bool
    /// Whether a flow here may send packets to the controller (only the plugins' answers to its
    /// ARP probes, in classify).
    public var toController: Bool = false
}

/// The pipeline every bridge under Switchboard's policies gets. VLAN access/trunk behaviour stays
/// with OVS: the last table hands packets to `NORMAL`.
public enum Pipeline {
    public static let classify = PipelineTable(
        id: 0, name: "classify",
        purpose:
            "answer ARP for virtual addresses; plugins' answers to the controller's ARP probes to the controller; "
            + "DROP/ACCEPT rules, first match wins", next: [1], tracked: false, toController: true)
    public static let copy = PipelineTable(
        id: 1, name: "copy", purpose: "COPY rules: a group of type all, one bucket to the plugin, one on to conntrack",
        next: [2], tracked: false)
    public static let conntrack = PipelineTable(
        id: 2, name: "conntrack",
        purpose:
            "traffic a NAT rule concerns goes through conntrack (ct(nat) un-NATs replies); stateless DNAT rewrites here",
        next: [3, 4], tracked: false)
    public static let nat = PipelineTable(
        id: 3, name: "nat",
        purpose:
            "new connections committed with nat(dst=…) or nat(src=…); established ones addressed to the plugin's MAC",
        next: [4], tracked: true)
    public static let forward = PipelineTable(
        id: 4, name: "forward", purpose: "NORMAL: MAC learning and VLAN access/trunk semantics of OVS", next: [],
        tracked: false)

    public static let tables = [classify, copy, conntrack, nat, forward]

    public static func table(_ id: UInt8) -> PipelineTable? { tables.first { $0.id == id } }
}

/// Priority bands: rules take `rules - index` in the order written (first match wins); what the
/// compiler adds for every bridge sits below them.
enum PriorityBand {
    static let arpResponder: UInt16 = 65_000
    /// A plugin's ARP reply to the controller's probe (`ARPProbe`): above every rule, so no DROP
    /// rule hides a plugin's MAC from the controller.
    static let macLearning: UInt16 = 64_000
    /// Rules count down from here to just above `support`: room for tens of thousands of rules
    /// (the benchmark's 11,000 on one bridge), each above the flows every rule relies on.
    static let rules: UInt16 = 60_000
    static let maximumRules = 30_000
    static let support: UInt16 = 20_000
    static let invalid: UInt16 = 10
    static let fallThrough: UInt16 = 0

    /// The priority of the rule at `index`. `PolicyCompiler.compile` refuses more than
    /// `maximumRules` rules before any is compiled; the clamp keeps even a caller that did not
    /// from trapping (it would only share the band's lowest priority).
    static func rule(_ index: Int) -> UInt16 {
        rules - UInt16(clamping: min(max(index, 0), maximumRules - 1))
    }
}
