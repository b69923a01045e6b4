import Foundation

/// A flow file's lines as byte ranges of the file, each turned into a String only when asked for.
///
/// Why: `add-flows --bundle` sends its first batch as soon as that batch is parsed. Making a
/// String of each of 100,000 lines before that kept the switch idle for about 40 ms; finding
/// the line ends alone takes a few, and each batch's Strings are then made by the task that
/// parses it.
struct FlowLines: RandomAccessCollection, Sendable {
    typealias Element = (number: Int, text: String)

    private let data: Data
    /// Start and end offsets of each line that is not blank or a comment, without the line
    /// break, a carriage return before it, or leading blanks; and its 1-based line number.
    private let spans: [(start: Int, end: Int, number: Int)]

    init(_ data: Data) {
        self.data = data
        spans = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var found: [(start: Int, end: Int, number: Int)] = []
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = raw.baseAddress else { return found }
            let n = bytes.count
            var number = 0
            var start = 0
            while start < n {
                // memchr: a byte-by-byte loop over 7 MB was most of the time to the first batch.
                let i = memchr(base + start, 10, n - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? n
                number += 1
                var end = i
                if end > start && bytes[end - 1] == 13 { end -= 1 }
                var first = start
                while first < end && (bytes[first] == 32 || bytes[first] == 9) { first += 1 }
                if first < end && bytes[first] != UInt8(ascii: "#") { found.append((first, end, number)) }
                start = i + 1
            }
            return found
        }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { spans.count }

    subscript(position: Int) -> Element {
        let span = spans[position]
        let text = data.withUnsafeBytes { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end]), as: UTF8.self)
        }
        return (span.number, text)
    }
}
