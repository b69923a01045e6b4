import Controller
import Foundation
import OpenFlow
import OpenFlowText

/// `add-flows --bundle`: flow mods go into the bundle while the file is still being parsed, a
/// batch of lines at a time, so the switch decodes and stages them while the parser reads on
/// (before, the switch sat idle until the whole file was parsed). Batches are parsed on every
/// core, a few ahead of the one being sent, and sent in file order.
///
/// Atomicity is kept by the bundle rather than by parsing first: at the first bad line sending
/// stops, the rest of the file is still parsed to report every error (up to 20), and the bundle
/// is DISCARDed, so a file with a bad line changes nothing, as before. Only COMMIT makes flows
/// take effect, and it is sent only when every line parsed and the switch refused no ADD.
enum StreamedBundle {
    /// Lines per batch: big enough that the hop to the connection's event loop costs nothing per
    /// flow, small enough that the switch gets its first flows almost at once.
    static let batchSize = 1_000

    typealias Line = (number: Int, text: String)

    /// One parsed batch: its messages, or the first errors in it.
    struct Batch: Sendable {
        var messages: [OFMessage.Body] = []
        var errors: [(line: Int, error: SyntaxError)] = []
        /// Parsed without the switch's port names and a line named a port: parse again with them.
        var needsNames = false
    }

    static func parse(_ lines: Slice<FlowLines>, strict: Bool, names: PortNames?) -> Batch {
        var batch = Batch()
        batch.messages.reserveCapacity(lines.count)
        for (number, text) in lines {
            do throws(SyntaxError) {
                batch.messages.append(.flowMod(try FlowFile.flowMod(text, strict: strict, names: names)))
            } catch {
                if names == nil && error.message.contains("unknown port") {
                    batch.needsNames = true
                    return batch
                }
                batch.errors.append((number, error))
                if batch.errors.count >= 20 { break }
            }
        }
        return batch
    }

    static func addFlows(_ s: Session, _ file: String, _ o: Options, lines: FlowLines) async throws(OfctlError) {
        let name = file == "-" ? "stdin" : file
        let strict = o.strict
        let bundle = s.handle.openBundle(timeout: max(s.timeout, .seconds(120)))
        let batchCount = (lines.count + batchSize - 1) / batchSize
        let ahead = max(2, ProcessInfo.processInfo.activeProcessorCount)
        var names: PortNames?
        var errors: [String] = []
        var failure: OfctlError?

        await withTaskGroup(of: (Int, Batch).self) { group in
            func schedule(_ index: Int, names: PortNames?) {
                let slice = lines[(index * batchSize)..<min(lines.count, (index + 1) * batchSize)]
                group.addTask { (index, parse(slice, strict: strict, names: names)) }
            }
            var scheduled = 0
            while scheduled < min(ahead, batchCount) {
                schedule(scheduled, names: names)
                scheduled += 1
            }
            var parsed: [Int: Batch] = [:]
            var sending = 0
            while let (index, batch) = await group.next() {
                parsed[index] = batch
                while var batch = parsed.removeValue(forKey: sending) {
                    if batch.needsNames {
                        // The file names ports: ask the switch once, then parse with its names.
                        if names == nil {
                            do throws(OfctlError) {
                                names = try await s.portNames()
                            } catch {
                                failure = error
                                group.cancelAll()
                                return
                            }
                        }
                        let slice = lines[(sending * batchSize)..<min(lines.count, (sending + 1) * batchSize)]
                        batch = parse(slice, strict: strict, names: names)
                    }
                    for (line, error) in batch.errors where errors.count < 20 {
                        errors.append(error.at(file: name, line: line).description)
                    }
                    if errors.isEmpty { bundle.add(contentsOf: batch.messages) }
                    sending += 1
                }
                if errors.count >= 20 {
                    group.cancelAll()
                    errors.append("(stopping after 20 errors)")
                    return
                }
                if scheduled < batchCount {
                    schedule(scheduled, names: names)
                    scheduled += 1
                }
            }
        }
        if let failure {
            try? await bundle.discard()
            throw failure
        }
        if !errors.isEmpty {
            try? await bundle.discard()
            throw .syntax(errors.joined(separator: "\n") + "\nnothing was changed (the bundle was discarded)")
        }
        do {
            try await bundle.commit()
        } catch {
            // One message per line, in order: message i came from lines[i].
            throw s.failure(error) { index in
                index < lines.count ? "\(name):\(lines[index].number): \(lines[index].text)" : nil
            }
        }
    }
}
