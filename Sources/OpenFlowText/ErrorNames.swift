import OpenFlow

/// OpenFlow 1.4 error type and code names as ovs-ofctl prints them (`OFPBAC_BAD_OUT_PORT`).
public enum ErrorNames {
    static let types = [
        "OFPET_HELLO_FAILED", "OFPET_BAD_REQUEST", "OFPET_BAD_ACTION", "OFPET_BAD_INSTRUCTION", "OFPET_BAD_MATCH",
        "OFPET_FLOW_MOD_FAILED", "OFPET_GROUP_MOD_FAILED", "OFPET_PORT_MOD_FAILED", "OFPET_TABLE_MOD_FAILED",
        "OFPET_QUEUE_OP_FAILED", "OFPET_SWITCH_CONFIG_FAILED", "OFPET_ROLE_REQUEST_FAILED",
        "OFPET_METER_MOD_FAILED", "OFPET_TABLE_FEATURES_FAILED", "OFPET_BAD_PROPERTY", "OFPET_ASYNC_CONFIG_FAILED",
        "OFPET_FLOW_MONITOR_FAILED", "OFPET_BUNDLE_FAILED",
    ]

    /// Code names per type, indexed by code.
    static let codes: [[String]] = [
        ["OFPHFC_INCOMPATIBLE", "OFPHFC_EPERM"],
        [
            "OFPBRC_BAD_VERSION", "OFPBRC_BAD_TYPE", "OFPBRC_BAD_MULTIPART", "OFPBRC_BAD_EXPERIMENTER",
            "OFPBRC_BAD_EXP_TYPE", "OFPBRC_EPERM", "OFPBRC_BAD_LEN", "OFPBRC_BUFFER_EMPTY", "OFPBRC_BUFFER_UNKNOWN",
            "OFPBRC_BAD_TABLE_ID", "OFPBRC_IS_SLAVE", "OFPBRC_BAD_PORT", "OFPBRC_BAD_PACKET",
            "OFPBRC_MULTIPART_BUFFER_OVERFLOW", "OFPBRC_MULTIPART_REQUEST_TIMEOUT", "OFPBRC_MULTIPART_REPLY_TIMEOUT",
        ],
        [
            "OFPBAC_BAD_TYPE", "OFPBAC_BAD_LEN", "OFPBAC_BAD_EXPERIMENTER", "OFPBAC_BAD_EXP_TYPE",
            "OFPBAC_BAD_OUT_PORT", "OFPBAC_BAD_ARGUMENT", "OFPBAC_EPERM", "OFPBAC_TOO_MANY", "OFPBAC_BAD_QUEUE",
            "OFPBAC_BAD_OUT_GROUP", "OFPBAC_MATCH_INCONSISTENT", "OFPBAC_UNSUPPORTED_ORDER", "OFPBAC_BAD_TAG",
            "OFPBAC_BAD_SET_TYPE", "OFPBAC_BAD_SET_LEN", "OFPBAC_BAD_SET_ARGUMENT",
        ],
        [
            "OFPBIC_UNKNOWN_INST", "OFPBIC_UNSUP_INST", "OFPBIC_BAD_TABLE_ID", "OFPBIC_UNSUP_METADATA",
            "OFPBIC_UNSUP_METADATA_MASK", "OFPBIC_BAD_EXPERIMENTER", "OFPBIC_BAD_EXP_TYPE", "OFPBIC_BAD_LEN",
            "OFPBIC_EPERM", "OFPBIC_DUP_INST",
        ],
        [
            "OFPBMC_BAD_TYPE", "OFPBMC_BAD_LEN", "OFPBMC_BAD_TAG", "OFPBMC_BAD_DL_ADDR_MASK",
            "OFPBMC_BAD_NW_ADDR_MASK", "OFPBMC_BAD_WILDCARDS", "OFPBMC_BAD_FIELD", "OFPBMC_BAD_VALUE",
            "OFPBMC_BAD_MASK", "OFPBMC_BAD_PREREQ", "OFPBMC_DUP_FIELD", "OFPBMC_EPERM",
        ],
        [
            "OFPFMFC_UNKNOWN", "OFPFMFC_TABLE_FULL", "OFPFMFC_BAD_TABLE_ID", "OFPFMFC_OVERLAP", "OFPFMFC_EPERM",
            "OFPFMFC_BAD_TIMEOUT", "OFPFMFC_BAD_COMMAND", "OFPFMFC_BAD_FLAGS", "OFPFMFC_CANT_SYNC",
            "OFPFMFC_BAD_PRIORITY", "OFPFMFC_IS_SYNC",
        ],
        [
            "OFPGMFC_GROUP_EXISTS", "OFPGMFC_INVALID_GROUP", "OFPGMFC_WEIGHT_UNSUPPORTED", "OFPGMFC_OUT_OF_GROUPS",
            "OFPGMFC_OUT_OF_BUCKETS", "OFPGMFC_CHAINING_UNSUPPORTED", "OFPGMFC_WATCH_UNSUPPORTED", "OFPGMFC_LOOP",
            "OFPGMFC_UNKNOWN_GROUP", "OFPGMFC_CHAINED_GROUP", "OFPGMFC_BAD_TYPE", "OFPGMFC_BAD_COMMAND",
            "OFPGMFC_BAD_BUCKET", "OFPGMFC_BAD_WATCH", "OFPGMFC_EPERM",
        ],
        ["OFPPMFC_BAD_PORT", "OFPPMFC_BAD_HW_ADDR", "OFPPMFC_BAD_CONFIG", "OFPPMFC_BAD_ADVERTISE", "OFPPMFC_EPERM"],
        ["OFPTMFC_BAD_TABLE", "OFPTMFC_BAD_CONFIG", "OFPTMFC_EPERM"],
        ["OFPQOFC_BAD_PORT", "OFPQOFC_BAD_QUEUE", "OFPQOFC_EPERM"],
        ["OFPSCFC_BAD_FLAGS", "OFPSCFC_BAD_LEN", "OFPSCFC_EPERM"],
        ["OFPRRFC_STALE", "OFPRRFC_UNSUP", "OFPRRFC_BAD_ROLE"],
        [
            "OFPMMFC_UNKNOWN", "OFPMMFC_METER_EXISTS", "OFPMMFC_INVALID_METER", "OFPMMFC_UNKNOWN_METER",
            "OFPMMFC_BAD_COMMAND", "OFPMMFC_BAD_FLAGS", "OFPMMFC_BAD_RATE", "OFPMMFC_BAD_BURST", "OFPMMFC_BAD_BAND",
            "OFPMMFC_BAD_BAND_VALUE", "OFPMMFC_OUT_OF_METERS", "OFPMMFC_OUT_OF_BANDS",
        ],
        [
            "OFPTFFC_BAD_TABLE", "OFPTFFC_BAD_METADATA", "OFPTFFC_BAD_TYPE", "OFPTFFC_BAD_LEN", "OFPTFFC_BAD_ARGUMENT",
            "OFPTFFC_EPERM",
        ],
        [
            "OFPBPC_BAD_TYPE", "OFPBPC_BAD_LEN", "OFPBPC_BAD_VALUE", "OFPBPC_TOO_MANY", "OFPBPC_DUP_TYPE",
            "OFPBPC_BAD_EXPERIMENTER", "OFPBPC_BAD_EXP_TYPE", "OFPBPC_BAD_EXP_VALUE", "OFPBPC_EPERM",
        ],
        [
            "OFPACFC_INVALID", "OFPACFC_UNSUPPORTED", "OFPACFC_EPERM",
        ],
        [
            "OFPMOFC_UNKNOWN", "OFPMOFC_MONITOR_EXISTS", "OFPMOFC_INVALID_MONITOR", "OFPMOFC_UNKNOWN_MONITOR",
            "OFPMOFC_BAD_COMMAND", "OFPMOFC_BAD_FLAGS", "OFPMOFC_BAD_TABLE_ID", "OFPMOFC_BAD_OUT",
        ],
        [
            "OFPBFC_UNKNOWN", "OFPBFC_EPERM", "OFPBFC_BAD_ID", "OFPBFC_BUNDLE_EXIST", "OFPBFC_BUNDLE_CLOSED",
            "OFPBFC_OUT_OF_BUNDLES", "OFPBFC_BAD_TYPE", "OFPBFC_BAD_FLAGS", "OFPBFC_MSG_BAD_LEN",
            "OFPBFC_MSG_BAD_XID", "OFPBFC_MSG_UNSUP", "OFPBFC_MSG_CONFLICT", "OFPBFC_MSG_TOO_MANY",
            "OFPBFC_MSG_FAILED", "OFPBFC_TIMEOUT", "OFPBFC_BUNDLE_IN_PROGRESS",
        ],
    ]

    /// `OFPBAC_BAD_OUT_PORT`, or `OFPET_X code N` when the code has no name here.
    public static func name(_ code: OFErrorCode) -> String {
        let t = Int(code.type.rawValue)
        let c = Int(code.code)
        if t < codes.count, c < codes[t].count { return codes[t][c] }
        let typeName = t < types.count ? types[t] : "type \(t)"
        return "\(typeName) code \(c)"
    }

    public static func describe(_ error: ErrorMessage) -> String {
        switch error {
        case .standard(let code, _):
            let t = Int(code.type.rawValue)
            return "\(name(code)) (\(t < types.count ? types[t] : "type \(t)"), code \(code.code))"
        case .experimenter(let type, let experimenter, _):
            return "experimenter error 0x\(String(experimenter, radix: 16)) type \(type)"
        }
    }
}
