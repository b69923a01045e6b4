import NIOCore

// The OpenFlow 1.4 property TLV (ofp_prop_header): type, length excluding padding, payload,
// then zeros up to a multiple of 8. Used by port, table, queue, async, bundle and NX
// controller2 properties.

/// Reads one property; returns its type and payload (padding consumed). A short or overlong
/// property is reported with `code`.
func readProperty(
    from buffer: inout WireReader, code: OFErrorCode = .propertyLen
) throws(OFDecodeError) -> (UInt16, WireReader) {
    let type = try buffer.readU16(code)
    let length = Int(try buffer.readU16(code))
    guard length >= 4 else { throw OFDecodeError(code, "property shorter than its header") }
    let payload = try buffer.readBytes(length - 4, code)
    try buffer.skip(paddingTo8(length), code)
    return (type, payload)
}

/// Writes a property whose payload `body` writes, backfilling its length and padding it.
@inline(__always)
func writeProperty(type: UInt16, into buffer: inout ByteBuffer, _ body: (inout ByteBuffer) -> Void) {
    let start = buffer.writerIndex
    buffer.writeInteger(type)
    let len = buffer.reserveLength16()
    body(&buffer)
    buffer.backfillLength16(at: len, from: start)
    buffer.padTo8(from: start)
}

/// A property this library does not interpret, kept byte-exact (payload excludes padding).
public struct RawProperty: Hashable, Sendable {
    public var type: UInt16
    public var payload: ByteBuffer
    public init(type: UInt16, payload: ByteBuffer) {
        self.type = type
        self.payload = payload
    }

    func write(into buffer: inout ByteBuffer) {
        writeProperty(type: type, into: &buffer) { $0.writeImmutableBuffer(payload) }
    }
}
