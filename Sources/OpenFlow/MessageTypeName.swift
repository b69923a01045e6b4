extension OFMessageType: CustomStringConvertible {
    /// The spec's name without the `OFPT_` prefix, lowercased (`flow_mod`); unknown codes as
    /// `type_N`. Used for log fields and metric labels.
    public var name: String {
        let names = [
            "hello", "error", "echo_request", "echo_reply", "experimenter", "features_request", "features_reply",
            "get_config_request", "get_config_reply", "set_config", "packet_in", "flow_removed", "port_status",
            "packet_out", "flow_mod", "group_mod", "port_mod", "table_mod", "multipart_request", "multipart_reply",
            "barrier_request", "barrier_reply", "type_22", "type_23", "role_request", "role_reply",
            "get_async_request", "get_async_reply", "set_async", "meter_mod", "role_status", "table_status",
            "requestforward", "bundle_control", "bundle_add_message",
        ]
        return Int(rawValue) < names.count ? names[Int(rawValue)] : "type_\(rawValue)"
    }

    public var description: String { name }
}
