import Foundation
import OpenFlow
import OpenFlowText

/// Flow and group files (`-` is standard input): one entry per line, `#` comments and blank
/// lines skipped. Every line is parsed before anything is sent, so a file with any bad line
/// changes nothing; all bad lines are reported, each with its line number.
enum FlowFile {
    static func lines(_ path: String) throws(OfctlError) -> [(number: Int, text: String)] {
        Array(try lazyLines(path))
    }

    /// The file's lines, each made a String only when read (see `FlowLines`).
    static func lazyLines(_ path: String) throws(OfctlError) -> FlowLines {
        if path == "-" { return FlowLines(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(path): cannot read the file")
        }
        return FlowLines(data)
    }

    /// Parses every line with `parse`, collecting all errors. Large files are parsed in
    /// parallel, one chunk of lines per core: parsing dominates `add-flows` of 100,000 flows.
    static func parseAll<T: Sendable>(
        _ path: String, lines given: [(number: Int, text: String)]? = nil,
        _ parse: @escaping @Sendable (String) throws(SyntaxError) -> T
    ) async throws(OfctlError) -> [T] {
        let all: [(number: Int, text: String)]
        if let given { all = given } else { all = try lines(path) }
        let file = path == "-" ? "stdin" : path
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = all.count < 4_000 ? 1 : cores
        let size = (all.count + chunks - 1) / max(1, chunks)
        let parts = await withTaskGroup(of: (Int, [T], [String]).self) { group in
            for c in 0..<chunks {
                let slice = Array(all[min(all.count, c * size)..<min(all.count, (c + 1) * size)])
                group.addTask {
                    var results: [T] = []
                    results.reserveCapacity(slice.count)
                    var errors: [String] = []
                    for (number, text) in slice {
                        do throws(SyntaxError) {
                            results.append(try parse(text))
                        } catch {
                            errors.append(error.at(file: file, line: number).description)
                            if errors.count >= 20 { break }
                        }
                    }
                    return (c, results, errors)
                }
            }
            var collected: [(Int, [T], [String])] = []
            for await part in group { collected.append(part) }
            return collected.sorted { $0.0 < $1.0 }
        }
        var errors = parts.flatMap { $0.2 }
        if !errors.isEmpty {
            if errors.count > 20 {
                errors = Array(errors.prefix(20))
                errors.append("(stopping after 20 errors)")
            }
            throw .syntax(errors.joined(separator: "\n") + "\nnothing was sent")
        }
        return parts.flatMap { $0.1 }
    }

    /// A line of `add-flows`, which may start with a command word as in ovs-ofctl.
    static func flowMod(_ text: String, strict: Bool, names: PortNames?) throws(SyntaxError) -> FlowMod {
        // The first word, if a space or tab ends it before any `,` or `=`: one scan of the bytes
        // (comparing every command word with hasPrefix was a measurable part of add-flows).
        let utf8 = text.utf8
        guard
            let end = utf8.firstIndex(where: {
                $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ",")
                    || $0 == UInt8(ascii: "=")
            }),
            utf8[end] == UInt8(ascii: " ") || utf8[end] == UInt8(ascii: "\t"),
            var command = commandWords[Substring(text[..<end])]
        else {
            return try FlowParser.parse(text, command: .add, names: names)
        }
        if strict && command == .modify { command = .modifyStrict }
        if strict && command == .delete { command = .deleteStrict }
        return try FlowParser.parse(String(text[utf8.index(after: end)...]), command: command, names: names)
    }

    private static let commandWords: [Substring: FlowModCommand] = [
        "add": .add, "modify_strict": .modifyStrict, "modify": .modify, "mod": .modify,
        "delete_strict": .deleteStrict, "delete": .delete, "del": .delete,
    ]
}
