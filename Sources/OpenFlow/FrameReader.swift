import NIOCore

/// Cuts the bytes of a stream, as they are read, into whole OpenFlow frames: the framing the
/// controller's connection uses, so the one its tests cover. Frames are slices of the reads, not
/// copies; only the start of a message whose end has not been read yet is copied, into a buffer of
/// its own with room for the rest.
///
/// Why not `ByteToMessageHandler(OFFrameDecoder())` in the pipeline: that handler is generic over
/// its decoder and, used from another module, ran unspecialized (a metadata lookup per message),
/// and every message then crossed the pipeline on its own; under packet-in load both showed in the
/// profile (Docs/performance.md).
public struct OFFrameReader {
    private let frames: OFFrameDecoder
    private var bytes = ByteBuffer()
    /// `bytes` is a buffer of our own (a held partial message), not a read: appending to it copies
    /// nothing, and as long as no frame was cut from it no other buffer shares its storage.
    private var ownsBytes = false
    private var cutSinceOwned = false
    private let allocator = ByteBufferAllocator()

    public init(maximumMessageLength: Int = 65535) {
        frames = OFFrameDecoder(maximumMessageLength: maximumMessageLength)
    }

    /// Bytes read but not yet handed out as frames.
    public var bufferedBytes: Int { bytes.readableBytes }

    /// Adds what was just read; take the frames out with `next()` until it returns nil.
    public mutating func append(_ read: ByteBuffer) {
        if bytes.readableBytes == 0 {
            bytes = read
            ownsBytes = false
        } else {
            var read = read
            bytes.writeBuffer(&read)
        }
    }

    /// The next whole frame, or nil when the rest has not been read yet (it is then kept for the
    /// next `append`). A framing error poisons the stream: the byte boundaries of later messages
    /// are unknown, so the caller answers it and closes.
    public mutating func next() throws(OFFramingError) -> ByteBuffer? {
        if let frame = try frames.nextFrame(from: &bytes) {
            cutSinceOwned = true
            return frame
        }
        hold()
        return nil
    }

    /// Drops what is buffered (the connection closed).
    public mutating func reset() {
        bytes = ByteBuffer()
        ownsBytes = false
    }

    /// Keeps the start of a message in a buffer of its own, with room for its whole length. Kept as
    /// a slice of the read, it would share storage with the messages already cut from that read (a
    /// dump's replies keep theirs alive), so appending the next read would copy the whole of it
    /// every time: a quarter of a 31,000-flow dump's CPU went there.
    private mutating func hold() {
        guard bytes.readableBytes > 0 else {
            bytes = ByteBuffer()
            ownsBytes = false
            return
        }
        if ownsBytes, !cutSinceOwned { return }
        let declared = bytes.getInteger(at: bytes.readerIndex + 2, as: UInt16.self).map(Int.init) ?? 0
        var held = allocator.buffer(capacity: max(declared, bytes.readableBytes) + 64 * 1024)
        held.writeImmutableBuffer(bytes)
        bytes = held
        ownsBytes = true
        cutSinceOwned = false
    }
}
