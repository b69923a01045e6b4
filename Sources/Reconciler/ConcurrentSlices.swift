import Dispatch

/// A `map` over a large array computed in slices on every core, in order.
///
/// Why: keying thirty thousand desired flows and formatting a new bridge's thirty thousand plan
/// lines each sat on the critical path of a command while the other core idled.
public enum ConcurrentSlices {
    /// `transform` of each element, in order. Arrays of at most `sliceSize` elements are mapped
    /// on the calling thread.
    public static func map<Element: Sendable, T: Sendable>(
        _ elements: [Element], sliceSize: Int = 4096, _ transform: @Sendable (Element) -> T
    ) -> [T] {
        guard elements.count > sliceSize else { return elements.map(transform) }
        let slices = (elements.count + sliceSize - 1) / sliceSize
        return [T](unsafeUninitializedCapacity: elements.count) { buffer, initialized in
            let target = SharedBuffer(buffer)
            elements.withUnsafeBufferPointer { source in
                let source = SharedSource(source)
                DispatchQueue.concurrentPerform(iterations: slices) { slice in
                    for position in slice * sliceSize..<min(elements.count, (slice + 1) * sliceSize) {
                        target.buffer.initializeElement(at: position, to: transform(source.buffer[position]))
                    }
                }
            }
            initialized = elements.count
        }
    }
}

// Safe to share across `concurrentPerform`'s iterations because each iteration initializes only
// the positions of its own slice (disjoint ranges), reads only the source (which no one writes
// while the map runs), and `concurrentPerform` returns only when every iteration has finished,
// before the array is used. Neither buffer outlives the `map` call.
private struct SharedBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

private struct SharedSource<T>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<T>
    init(_ buffer: UnsafeBufferPointer<T>) { self.buffer = buffer }
}
