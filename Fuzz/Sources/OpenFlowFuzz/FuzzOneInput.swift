import NIOCore
import OpenFlow

// libFuzzer calls this once per input. The decoder's contract is that no input traps: every
// failure is a thrown OFDecodeError or OFFramingError. Beyond not trapping, each message that
// decodes must survive encode -> decode unchanged, so the fuzzer also checks the encoder on
// every shape the decoder accepts.
// (main.swift hands this function to libFuzzer's driver; the conventional symbol name is kept
// so other libFuzzer-compatible drivers find it too.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input =
        size == 0 || data == nil ? ByteBuffer() : ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))

    // The input as a stream, as a connection sees it: frames first, then each body.
    var stream = input
    var frames = OFFrameDecoder()
    while let frame = try? frames.decode(buffer: &stream) {
        if let message = try? OFMessage(bytes: frame) { checkRoundTrip(message) }
    }

    // The same bytes through the one-shot reader, which must not consume on failure.
    var direct = input
    while direct.readableBytes > 0 {
        let before = direct.readerIndex
        guard let message = try? OFMessage.read(from: &direct) else {
            if direct.readerIndex != before { fail("a failed read consumed bytes") }
            break
        }
        checkRoundTrip(message)
    }
    return 0
}

/// Encodes a decoded message and decodes it again; both must give the same value. Messages
/// whose encoding exceeds the 16-bit length cannot round-trip and are skipped.
private func checkRoundTrip(_ message: OFMessage) {
    let encoded = message.bytes
    guard encoded.readableBytes <= 0xFFFF else { return }
    let again: OFMessage
    do {
        again = try OFMessage(bytes: encoded)
    } catch {
        fail("re-encoded \(message.type) does not decode: \(error)\n\(message)")
    }
    if again != message { fail("\(message.type) changed in an encode/decode round trip:\n\(message)\n\(again)") }
    if again.bytes != encoded { fail("\(message.type) encodes differently the second time") }
}

/// Traps with the reason. `fatalError` keeps its message in release builds (`precondition`'s
/// is compiled out), and libFuzzer saves the input that got here.
private func fail(_ reason: String) -> Never {
    fatalError(reason)
}
