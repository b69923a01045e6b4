import OpenFlow
import OpenFlowText

/// `packet-out SWITCH in_port=P,packet=HEX,actions=A` or `packet-out SWITCH IN_PORT ACTIONS PACKET...`.
enum PacketOutCommand {
    static func run(_ s: Session, _ args: [String]) async throws(OfctlError) {
        var names: PortNames?
        let messages: [PacketOut]
        switch args.count {
        case 1:
            messages = [
                try await FlowCommands.withPortNames(s, &names) { (n: PortNames?) throws(SyntaxError) in
                    try PacketOutSyntax.parse(args[0], names: n)
                }
            ]
        case 3...:
            messages = try await FlowCommands.withPortNames(s, &names) { (n: PortNames?) throws(SyntaxError) in
                try PacketOutSyntax.parse(inPort: args[0], actions: args[1], packets: Array(args[2...]), names: n)
            }
        default:
            throw .usage(
                "usage: ofctl packet-out SWITCH in_port=P,packet=HEX,actions=A, or SWITCH IN_PORT ACTIONS PACKET...")
        }
        // Confirmed with a barrier: a refused packet-out is reported, not silently lost.
        try await s.apply(messages.map { .packetOut($0) }, bundle: false)
    }
}
