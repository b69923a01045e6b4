import Foundation
import OpenFlow
import OpenFlowText

/// Flow and group files (`-` is standard input): one entry per line, `#` comments and blank
/// lines skipped. Every line is parsed before anything is sent, so a file with any bad line
/// changes nothing; all bad lines are reported, each with its line number.
enum FlowFile {
    static func lines(_ path: String) throws(OfctlError) -> [(number: Int, text: String)] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw .usage("\(path): cannot read the file")
            }
            data = d
        }
        var out: [(Int, String)] = []
        var number = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var text = String(decoding: raw, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            out.append((number, String(trimmed)))
        }
        return out
    }

    /// Parses every line with `parse`, collecting all errors.
    static func parseAll<T>(
        _ path: String, lines given: [(number: Int, text: String)]? = nil, _ parse: (String) throws(SyntaxError) -> T
    ) throws(OfctlError) -> [T] {
        var results: [T] = []
        var errors: [String] = []
        var all: [(number: Int, text: String)]
        if let given { all = given } else { all = try lines(path) }
        results.reserveCapacity(all.count)
        for (number, text) in all {
            do {
                results.append(try parse(text))
            } catch {
                errors.append(error.at(file: path == "-" ? "stdin" : path, line: number).description)
                if errors.count >= 20 {
                    errors.append("(stopping after 20 errors)")
                    break
                }
            }
        }
        if !errors.isEmpty {
            throw .syntax(errors.joined(separator: "\n") + "\nnothing was sent")
        }
        return results
    }

    /// A line of `add-flows`, which may start with a command word as in ovs-ofctl.
    static func flowMod(_ text: String, strict: Bool, names: PortNames?) throws(SyntaxError) -> FlowMod {
        let words: [(String, FlowModCommand)] = [
            ("add", .add), ("modify_strict", .modifyStrict), ("modify", .modify), ("mod", .modify),
            ("delete_strict", .deleteStrict), ("delete", .delete), ("del", .delete),
        ]
        for (word, command) in words where text.hasPrefix(word + " ") || text.hasPrefix(word + "\t") {
            let rest = String(text.dropFirst(word.count + 1))
            var c = command
            if strict && c == .modify { c = .modifyStrict }
            if strict && c == .delete { c = .deleteStrict }
            return try FlowParser.parse(rest, command: c, names: names)
        }
        return try FlowParser.parse(text, command: .add, names: names)
    }
}
