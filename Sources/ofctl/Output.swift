#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffered standard output: dumps of 100,000 flows are written in large chunks.
struct Output {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(10)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Bytes written straight into the buffer (dump-flows lines), flushed like lines.
    mutating func bytes(_ write: (inout [UInt8]) -> Void) {
        write(&buffer)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        Self.write(buffer, to: 1)
        buffer.removeAll(keepingCapacity: true)
    }

    static func error(_ text: String) {
        write(Array((text + "\n").utf8), to: 2)
    }

    /// write(2) until done: file descriptors, not the C stdio globals.
    private static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            var done = 0
            while done < p.count {
                let n = Glibc.write(fd, base + done, p.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}
