import NIOCore

/// Big-endian stores into memory already reserved in a ByteBuffer (see FlowModFastPath.swift
/// for why). The caller sizes the region; every store is bounds-checked by the buffer pointer
/// only in debug builds, so callers must compute lengths exactly.
struct RawWriter {
    let base: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(base: UnsafeMutableRawBufferPointer) { self.base = base }

    @inline(__always)
    mutating func put<T: FixedWidthInteger>(_ value: T) {
        base.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
    }

    @inline(__always)
    mutating func put(_ a: UInt16, _ b: UInt16) {
        put(a)
        put(b)
    }

    @inline(__always)
    mutating func set(_ value: UInt16, at position: Int) {
        base.storeBytes(of: value.bigEndian, toByteOffset: position, as: UInt16.self)
    }

    @inline(__always)
    mutating func zeros(_ count: Int) {
        guard count > 0, let start = base.baseAddress else { return }
        (start + offset).initializeMemory(as: UInt8.self, repeating: 0, count: count)
        offset += count
    }

    mutating func bytes(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { src in
            guard let from = src.baseAddress, let to = base.baseAddress, src.count > 0 else { return }
            (to + offset).copyMemory(from: from, byteCount: src.count)
        }
        offset += buffer.readableBytes
    }

    // The fixed 8-byte OpenFlow actions: type, length 8, then payload and padding.
    @inline(__always) mutating func empty(_ type: UInt16) {
        put(type, 8)
        zeros(4)
    }

    @inline(__always) mutating func byte(_ type: UInt16, _ value: UInt8) {
        put(type, 8)
        put(value)
        zeros(3)
    }

    @inline(__always) mutating func ethertype(_ type: UInt16, _ value: UInt16) {
        put(type, 8)
        put(value)
        zeros(2)
    }

    @inline(__always) mutating func word(_ type: UInt16, _ value: UInt32) {
        put(type, 8)
        put(value)
    }
}
