import NIOCore

/// HELLO. Its layout is the same in every OpenFlow version, so it decodes whatever the header
/// version says; that is what makes version negotiation possible.
public struct Hello: Hashable, Sendable {
    public enum Element: Hashable, Sendable {
        /// Bitmap words as on the wire: bit n of word i means version 32*i + n.
        case versionBitmap([UInt32])
        case unknown(type: UInt16, payload: ByteBuffer)
    }

    public var elements: [Element]

    public init(elements: [Element] = []) { self.elements = elements }

    /// A HELLO advertising exactly `versions`.
    public init(versions: [UInt8]) {
        var words = [UInt32]()
        for v in versions {
            let word = Int(v) / 32
            while words.count <= word { words.append(0) }
            words[word] |= 1 << UInt32(v % 32)
        }
        self.elements = [.versionBitmap(words)]
    }

    /// Versions advertised by bitmap elements, or nil if the peer sent no bitmap (then only
    /// the header version counts).
    public var advertisedVersions: [UInt8]? {
        var result: [UInt8]?
        for case .versionBitmap(let words) in elements {
            var list = result ?? []
            for (i, word) in words.enumerated() where i < 8 {
                for bit in 0..<32 where word & (1 << UInt32(bit)) != 0 {
                    list.append(UInt8(i * 32 + bit))
                }
            }
            result = list
        }
        return result
    }

    static func read(from buffer: inout WireReader) throws(OFDecodeError) -> Hello {
        var elements = [Element]()
        // OF1.0 HELLOs may carry trailing bytes shorter than an element header; ignore them as
        // the spec tells receivers to.
        while buffer.readableBytes >= 4 {
            let type = try buffer.readU16()
            let length = Int(try buffer.readU16())
            guard length >= 4 else { throw OFDecodeError(.requestLen, "hello element shorter than its header") }
            var payload = try buffer.readBytes(length - 4)
            let pad = Swift.min(paddingTo8(length), buffer.readableBytes)
            try buffer.skip(pad)
            if type == 1 {
                guard payload.readableBytes % 4 == 0 else {
                    throw OFDecodeError(.requestLen, "version bitmap not a multiple of 4 bytes")
                }
                var words = [UInt32]()
                words.reserveCapacity(payload.readableBytes / 4)
                while payload.readableBytes >= 4 { words.append(try payload.readU32()) }
                elements.append(.versionBitmap(words))
            } else {
                elements.append(.unknown(type: type, payload: payload.readRest()))
            }
        }
        buffer.skipRest()
        return Hello(elements: elements)
    }

    func write(into buffer: inout ByteBuffer) {
        for element in elements {
            let start = buffer.writerIndex
            switch element {
            case .versionBitmap(let words):
                buffer.writeInteger(UInt16(1))
                let len = buffer.reserveLength16()
                for w in words { buffer.writeInteger(w) }
                buffer.backfillLength16(at: len, from: start)
            case .unknown(let type, let payload):
                buffer.writeInteger(type)
                let len = buffer.reserveLength16()
                buffer.writeImmutableBuffer(payload)
                buffer.backfillLength16(at: len, from: start)
            }
            buffer.padTo8(from: start)
        }
    }
}
