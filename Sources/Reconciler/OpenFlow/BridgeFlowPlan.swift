import Foundation
import NIOCore
import OpenFlow

/// One bridge's flow and group changes as planned: the exact messages `apply` sends as one
/// bundle, and what they were computed against.
///
/// Apply sends these messages and nothing else. Two things may be bound only at apply, and the
/// plan says which: the OpenFlow numbers of ports that apply's OVSDB transaction creates (the
/// messages carry placeholders for them, replaced one for one), and the MACs of plugins that
/// live on an internal port apply creates (their rules are compiled again once it exists).
public struct BridgeFlowPlan: Sendable, Hashable {
    /// The bundle, in `FlowPlan.messages` order.
    public var messages: [OFMessage.Body]
    /// Flows and groups added, changed and deleted by `messages`.
    public var summary: Plan.Summary
    /// The port numbers `messages` carry, by port name (the file's ports).
    public var portNumbers: [String: UInt32]
    /// Ports that did not exist when planned: their numbers in `portNumbers` are placeholders.
    public var unboundPorts: [String]
    /// The switch's owned flows and groups when planned; nil when the bridge did not exist yet
    /// (apply creates it, and a new bridge has none).
    public var observed: FlowTableFingerprint?
    /// Plugins whose MAC is known only once apply has created their internal port.
    public var macsLearnedAtApply: [String]

    public init(
        messages: [OFMessage.Body], summary: Plan.Summary, portNumbers: [String: UInt32], unboundPorts: [String] = [],
        observed: FlowTableFingerprint?, macsLearnedAtApply: [String] = []
    ) {
        self.messages = messages
        self.summary = summary
        self.portNumbers = portNumbers
        self.unboundPorts = unboundPorts
        self.observed = observed
        self.macsLearnedAtApply = macsLearnedAtApply
    }

    /// `plan`'s messages and counts.
    public init(
        _ plan: FlowPlan, portNumbers: [String: UInt32], unboundPorts: [String] = [],
        observed: FlowTableFingerprint?, macsLearnedAtApply: [String] = []
    ) {
        self.init(
            messages: plan.messages,
            summary: Plan.Summary(
                add: plan.addedFlows.count + plan.addedGroups.count,
                change: plan.modifiedFlows.count + plan.takenOverFlows.count + plan.modifiedGroups.count,
                delete: plan.deletedFlows.count + plan.deletedGroups.count),
            portNumbers: portNumbers, unboundPorts: unboundPorts, observed: observed,
            macsLearnedAtApply: macsLearnedAtApply)
    }

    /// Whether apply has something to bind or send for this bridge.
    public var needsApply: Bool { !messages.isEmpty || !macsLearnedAtApply.isEmpty }

    /// What the plan says about the values bound at apply, or nil when there are none.
    public var bindingNote: String? {
        var parts: [String] = []
        if !unboundPorts.isEmpty {
            parts.append(
                "the numbers of port(s) \(unboundPorts.joined(separator: ", ")) are bound once apply creates them")
        }
        if !macsLearnedAtApply.isEmpty {
            parts.append(
                "the rules of plugin(s) \(macsLearnedAtApply.joined(separator: ", ")) are compiled again once "
                    + "their MAC is known")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// A plan file carries the messages as OpenFlow bytes (base64), which decode to exactly the
/// values planned.
extension BridgeFlowPlan: Codable {
    enum CodingKeys: String, CodingKey {
        case messages, summary, portNumbers, unboundPorts, observed, macsLearnedAtApply
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let encoded = messages.map { body in
            Data(OFMessage(body).bytes.readableBytesView).base64EncodedString()
        }
        try container.encode(encoded, forKey: .messages)
        try container.encode(summary, forKey: .summary)
        try container.encode(portNumbers, forKey: .portNumbers)
        try container.encode(unboundPorts, forKey: .unboundPorts)
        try container.encodeIfPresent(observed, forKey: .observed)
        try container.encode(macsLearnedAtApply, forKey: .macsLearnedAtApply)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var messages: [OFMessage.Body] = []
        for (index, text) in try container.decode([String].self, forKey: .messages).enumerated() {
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .messages, in: container, debugDescription: "message \(index) is not base64")
            }
            do {
                messages.append(try OFMessage(bytes: ByteBuffer(bytes: data)).body)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .messages, in: container, debugDescription: "message \(index): \(error)")
            }
        }
        self.init(
            messages: messages, summary: try container.decode(Plan.Summary.self, forKey: .summary),
            portNumbers: try container.decode([String: UInt32].self, forKey: .portNumbers),
            unboundPorts: try container.decode([String].self, forKey: .unboundPorts),
            observed: try container.decodeIfPresent(FlowTableFingerprint.self, forKey: .observed),
            macsLearnedAtApply: try container.decode([String].self, forKey: .macsLearnedAtApply))
    }
}
