import Foundation

@testable import OVSDB

/// A small schema in the shape of vswitch.ovsschema: enough types to exercise every rule.
enum TestSchema {
    static let text = #"""
        {"name": "Test", "version": "1.2.3", "cksum": "1 2",
         "tables": {
           "Bridge": {"isRoot": true, "indexes": [["name"]],
             "columns": {
               "name": {"type": "string", "mutable": false},
               "ports": {"type": {"key": {"type": "uuid", "refTable": "Port"}, "min": 0, "max": "unlimited"}},
               "fail_mode": {"type": {"key": {"type": "string", "enum": ["set", ["standalone", "secure"]]},
                                      "min": 0, "max": 1}},
               "protocols": {"type": {"key": {"type": "string", "enum": ["set", ["OpenFlow10", "OpenFlow14"]]},
                                      "min": 0, "max": "unlimited"}},
               "other_config": {"type": {"key": "string", "value": "string", "min": 0, "max": "unlimited"}},
               "stp_enable": {"type": "boolean"},
               "flood_vlans": {"type": {"key": {"type": "integer", "minInteger": 0, "maxInteger": 4095},
                                        "min": 0, "max": 4096}}}},
           "Port": {
             "columns": {
               "name": {"type": "string"},
               "tag": {"type": {"key": {"type": "integer", "minInteger": 0, "maxInteger": 4095}, "min": 0, "max": 1}},
               "trunks": {"type": {"key": {"type": "integer", "minInteger": 0, "maxInteger": 4095},
                                   "min": 0, "max": 4096}},
               "weight": {"type": {"key": {"type": "real", "minReal": 0, "maxReal": 1}}},
               "counter": {"type": "integer"},
               "peer": {"type": {"key": {"type": "uuid", "refTable": "Port", "refType": "weak"}, "min": 0, "max": 1}},
               "label": {"type": {"key": {"type": "string", "minLength": 1, "maxLength": 4}, "min": 0, "max": 1}}}},
           "Single": {"maxRows": 1, "isRoot": true,
             "columns": {"bridges": {"type": {"key": {"type": "uuid", "refTable": "Bridge"}, "min": 0, "max": "unlimited"}}}}
         }}
        """#

    static let schema: DatabaseSchema = {
        do { return try DatabaseSchema(data: Array(text.utf8)) } catch { preconditionFailure("\(error)") }
    }()
}

/// `00000000-0000-4000-8000-0000000000NN`: fixed uuids without force unwraps.
func fixedUUID(_ last: UInt8) -> UUID {
    UUID(uuid: (0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, last))
}
