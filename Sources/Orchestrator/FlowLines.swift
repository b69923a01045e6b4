import Dispatch
import OpenFlowText
import PolicyCompiler
import Reconciler

/// Plan lines for many added flows, formatted in slices side by side.
///
/// Why: a new bridge's plan lists every flow it gets (thirty thousand for ten thousand rules),
/// and formatting them in ovs-ofctl syntax one by one was most of the time of a first `plan`.
enum FlowLines {
    static let slice = 2048

    static func added(_ flows: [CompiledFlow], names: PortNames) -> [FlowChange] {
        let slices = (flows.count + slice - 1) / slice
        guard slices > 1 else { return flows.map { line($0, names: names) } }
        let results = SliceResults(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { index in
            let range = index * slice..<min(flows.count, (index + 1) * slice)
            results.store(flows[range].map { line($0, names: names) }, at: index)
        }
        return results.joined()
    }

    static func line(_ flow: CompiledFlow, names: PortNames) -> FlowChange {
        FlowChange(
            action: .add, subject: .flow, entry: FlowFormatter.flowLine(flow.flow, names: names),
            origin: flow.origin?.description)
    }
}

/// Each slice's lines, written by one worker each.
private final class SliceResults: @unchecked Sendable {
    // Each element is initialized by exactly one `concurrentPerform` iteration and read after
    // all have returned; the buffer is never resized, so no two threads touch one element and
    // no access covers the whole storage (as an array property's would).
    private let slices: UnsafeMutableBufferPointer<[FlowChange]>

    init(count: Int) {
        slices = .allocate(capacity: count)
        slices.initialize(repeating: [])
    }

    deinit {
        slices.deinitialize()
        slices.deallocate()
    }

    func store(_ lines: [FlowChange], at index: Int) { slices[index] = lines }

    func joined() -> [FlowChange] { slices.flatMap { $0 } }
}
