/// Large results (100,000 parsed flows, a dump of as many entries) handed over here are never
/// freed: the process exits right after the command, and the kernel reclaims the memory at
/// once. Why: perf of `replace-flows` showed freeing them (malloc consolidation included) at
/// about a tenth of its CPU, on the path between the dump and the bundle.
enum KeptUntilExit {
    private final class Box<T>: Sendable where T: Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    static func keep<T: Sendable>(_ value: T) {
        _ = Unmanaged.passRetained(Box(value))
    }
}
