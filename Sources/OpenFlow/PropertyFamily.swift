/// One family of OpenFlow 1.4 properties (table features, port description, port stats, queue,
/// port mod, table mod, async config, bundle and role status): what its own types mean.
///
/// Why: every family lays its properties out alike (`readProperty`: type, length without the
/// padding, payload, zeros to a multiple of 8) and keeps experimenter and unknown properties
/// alike; only the meaning of its own types differs. `readList` is the shared part, written once.
protocol PropertyFamily {
    /// The error a malformed property of this family is reported with (OFPBPC_BAD_LEN for every
    /// family OpenFlow 1.4 defines, as OVS reports it).
    static var lengthError: OFErrorCode { get }
    /// A property of one of the family's own types, or nil for a type it does not define (kept
    /// as an experimenter or unknown property).
    static func decode(type: UInt16, payload: inout WireReader) throws(OFDecodeError) -> Self?
    /// How an experimenter property of `type` is kept, or nil when `type` is not an experimenter
    /// type in this family (0xFFFF in every family; 0xFFFE too where it marks the other variant).
    static func experimenter(type: UInt16) -> ((ExperimenterProperty) -> Self)?
    /// A property of a type the family does not know, kept byte-exact (each family's
    /// `case unknown(RawProperty)`).
    static func unknown(_ property: RawProperty) -> Self
}

extension PropertyFamily {
    static var lengthError: OFErrorCode { .propertyLen }

    /// The properties filling `b`.
    static func readList(from b: inout WireReader) throws(OFDecodeError) -> [Self] {
        var list = [Self]()
        while b.readableBytes > 0 {
            let (type, read) = try readProperty(from: &b, code: lengthError)
            var payload = read
            if let property = try decode(type: type, payload: &payload) {
                list.append(property)
            } else if let kept = experimenter(type: type) {
                list.append(kept(try ExperimenterProperty.read(from: &payload, code: lengthError)))
            } else {
                list.append(unknown(RawProperty(type: type, payload: payload.readRest())))
            }
        }
        return list
    }
}
