import Controller
import OpenFlow
import OpenFlowText

/// `add-flows --bundle`: flow mods go into the bundle while the file is still being parsed, a
/// batch at a time, so the switch decodes and stages them while the parser reads on (before,
/// the switch sat idle until the whole file was parsed).
///
/// Atomicity is kept by the bundle rather than by parsing first: at the first bad line sending
/// stops, the rest of the file is still parsed to report every error (up to 20), and the bundle
/// is DISCARDed, so a file with a bad line changes nothing, as before. Only COMMIT makes flows
/// take effect, and it is sent only when every line parsed and the switch refused no ADD.
enum StreamedBundle {
    /// Lines per hop to the connection's event loop: big enough that the hop costs nothing per
    /// flow, small enough that the switch gets its first flows almost at once.
    static let batchSize = 1_000

    static func addFlows(
        _ s: Session, _ file: String, _ o: Options, lines: [(number: Int, text: String)]
    ) async throws(OfctlError) {
        let name = file == "-" ? "stdin" : file
        let strict = o.strict
        let bundle = s.handle.openBundle(timeout: max(s.timeout, .seconds(120)))
        var names: PortNames?
        var errors: [String] = []
        var batch: [OFMessage.Body] = []
        batch.reserveCapacity(batchSize)
        for (number, text) in lines {
            var parsed: Result<FlowMod, SyntaxError>
            parsed = Result { () throws(SyntaxError) in try FlowFile.flowMod(text, strict: strict, names: names) }
            if case .failure(let error) = parsed, names == nil, error.message.contains("unknown port") {
                // The file names ports: ask the switch once, then parse with its names from here on.
                do {
                    names = try await s.portNames()
                } catch {
                    try? await bundle.discard()
                    throw error
                }
                parsed = Result { () throws(SyntaxError) in try FlowFile.flowMod(text, strict: strict, names: names) }
            }
            switch parsed {
            case .success(let mod):
                guard errors.isEmpty else { continue }
                batch.append(.flowMod(mod))
                if batch.count == batchSize {
                    bundle.add(contentsOf: batch)
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            case .failure(let error):
                errors.append(error.at(file: name, line: number).description)
            }
            if errors.count >= 20 {
                errors.append("(stopping after 20 errors)")
                break
            }
        }
        if !errors.isEmpty {
            try? await bundle.discard()
            throw .syntax(errors.joined(separator: "\n") + "\nnothing was changed (the bundle was discarded)")
        }
        bundle.add(contentsOf: batch)
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
