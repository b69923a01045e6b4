import Foundation
import NIOCore

@testable import OpenFlow

enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    struct Entry {
        let set: String
        let name: String
        let bytes: [UInt8]
        var json: Any? {
            let url = Corpus.root.appendingPathComponent(set).appendingPathComponent("json").appendingPathComponent(
                name + ".json")
            guard let data = try? Data(contentsOf: url) else { return nil }
            return try? JSONSerialization.jsonObject(with: data)
        }
    }

    static func entries(_ set: String) -> [Entry] {
        let dir = root.appendingPathComponent(set).appendingPathComponent("packet")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = try? Data(contentsOf: dir.appendingPathComponent(name)) else { return nil }
            return Entry(set: set, name: name, bytes: [UInt8](data))
        }
    }
}

func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

func hex(_ buffer: ByteBuffer) -> String {
    buffer.readableBytesView.map { String(format: "%02x", $0) }.joined()
}

func bytes(hex: String) -> [UInt8] {
    let clean = hex.filter { !$0.isWhitespace }
    var out = [UInt8]()
    var i = clean.startIndex
    while i < clean.endIndex {
        let j = clean.index(i, offsetBy: 2)
        out.append(UInt8(clean[i..<j], radix: 16) ?? 0)
        i = j
    }
    return out
}

func roundTrip(_ message: OFMessage) throws -> OFMessage {
    var b = ByteBuffer()
    message.write(into: &b)
    let decoded = try OFMessage.read(from: &b)
    return decoded
}

/// Deterministic xorshift generator so property tests are reproducible from their seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

/// The OpenFlow error code `body` fails with, nil if it succeeds. Other error types are
/// reported as a test issue by the caller comparing against a code.
func errorCode(_ body: () throws -> Void) -> OFErrorCode? {
    do {
        try body()
        return nil
    } catch let e as OFDecodeError {
        return e.code
    } catch {
        return OFErrorCode(type: OFErrorType(rawValue: 0xDEAD), code: 0xDEAD)
    }
}
