/// A mirror: `select_all` / `select_src_ports` / `select_dst_ports` / `select_vlans`, and exactly one
/// of `output_port` / `output_vlan`.
extension Decoder {
    static let mirrorKeys = [
        "select_all", "select_src_ports", "select_dst_ports", "select_vlans", "output_port", "output_vlan",
    ]

    mutating func decodeMirror(_ entry: YAMLEntry, path: String) -> Mirror? {
        guard let fields = mapping(entry.value, path, what: "mirror \(entry.key)") else { return nil }
        checkKeys(fields, allowed: Self.mirrorKeys)
        let selectAll = fields["select_all"].flatMap { bool($0, fields.path("select_all")) } ?? false
        let sources = fields["select_src_ports"].map { strings($0, fields.path("select_src_ports")) } ?? []
        let destinations = fields["select_dst_ports"].map { strings($0, fields.path("select_dst_ports")) } ?? []
        let vlans =
            fields["select_vlans"].map {
                ints($0, fields.path("select_vlans"), Self.vlanRange, what: "VLAN", hint: Self.vlanHint)
            } ?? []
        let output: Mirror.Output?
        switch (fields["output_port"], fields["output_vlan"]) {
        case (let port?, nil): output = string(port, fields.path("output_port")).map { .port($0) }
        case (nil, let vlan?):
            output = int(vlan, fields.path("output_vlan"), Self.vlanRange, what: "VLAN", hint: Self.vlanHint)
                .map { .vlan($0) }
        case (.some, .some):
            error(
                fields.location, path, "mirror \(entry.key) has both `output_port` and `output_vlan`",
                hint: "a mirror sends its copies to one port or one VLAN")
            output = nil
        case (nil, nil):
            error(
                fields.location, path, "mirror \(entry.key) has no output",
                hint: "add output_port: PORT or output_vlan: VLAN")
            output = nil
        }
        if !selectAll, sources.isEmpty, destinations.isEmpty, vlans.isEmpty {
            error(
                fields.location, path, "mirror \(entry.key) selects nothing",
                hint: "add select_all: true, select_src_ports, select_dst_ports or select_vlans")
        }
        guard let output else { return nil }
        return Mirror(
            name: entry.key, selectAll: selectAll, selectSourcePorts: sources, selectDestinationPorts: destinations,
            selectVLANs: vlans, output: output, location: entry.keyLocation)
    }
}
