import OpenFlow

extension MessageFormatter {
    static let typeNames = [
        "OFPT_HELLO", "OFPT_ERROR", "OFPT_ECHO_REQUEST", "OFPT_ECHO_REPLY", "OFPT_EXPERIMENTER",
        "OFPT_FEATURES_REQUEST", "OFPT_FEATURES_REPLY", "OFPT_GET_CONFIG_REQUEST", "OFPT_GET_CONFIG_REPLY",
        "OFPT_SET_CONFIG", "OFPT_PACKET_IN", "OFPT_FLOW_REMOVED", "OFPT_PORT_STATUS", "OFPT_PACKET_OUT",
        "OFPT_FLOW_MOD", "OFPT_GROUP_MOD", "OFPT_PORT_MOD", "OFPT_TABLE_MOD", "OFPT_MULTIPART_REQUEST",
        "OFPT_MULTIPART_REPLY", "OFPT_BARRIER_REQUEST", "OFPT_BARRIER_REPLY", "OFPT_QUEUE_GET_CONFIG_REQUEST",
        "OFPT_QUEUE_GET_CONFIG_REPLY", "OFPT_ROLE_REQUEST", "OFPT_ROLE_REPLY", "OFPT_GET_ASYNC_REQUEST",
        "OFPT_GET_ASYNC_REPLY", "OFPT_SET_ASYNC", "OFPT_METER_MOD", "OFPT_ROLE_STATUS", "OFPT_TABLE_STATUS",
        "OFPT_REQUESTFORWARD", "OFPT_BUNDLE_CONTROL", "OFPT_BUNDLE_ADD_MESSAGE",
    ]

    /// `OFPT_FLOW_MOD` for a message type.
    public static func name(_ type: OFMessageType) -> String {
        Int(type.rawValue) < typeNames.count ? typeNames[Int(type.rawValue)] : "OFPT_\(type.rawValue)"
    }

    /// `OFPT_FLOW_MOD (OF1.4) (xid=0x1):`, or `OFPST_FLOW reply (OF1.4) (xid=0x1):`.
    static func head(_ m: OFMessage) -> String {
        let n: String
        switch m.body {
        case .multipartRequest(let r): n = statsName(r.body.type, reply: false)
        case .multipartReply(let r): n = statsName(r.body.type, reply: true)
        default: n = name(m.type)
        }
        return "\(n) (OF1.4) (xid=0x\(String(m.xid, radix: 16))):"
    }
}
