import Foundation
import NIOCore
import OpenFlow
import Testing

@testable import OpenFlowText

/// `ofp-print` against what ovs-ofctl 3.1 printed for the golden corpus (the OpenFlow tests'
/// copy of `../shared/corpus`): every message must print byte for byte as ovs-ofctl printed
/// it, except those listed in `knownDifferences` with the reason.
@Suite("ofp-print matches ovs-ofctl on the golden corpus")
struct OfpPrintTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OpenFlowTests/Corpus/ryu-of14")

    /// Messages ofctl does not print as ovs-ofctl does, and why.
    static let knownDifferences: [String: String] = [:]

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("packet").path))
        return (files ?? []).filter { $0.hasSuffix(".packet") }.map { String($0.dropLast(".packet".count)) }.sorted()
    }()

    /// ovs-ofctl's standard output as stored: the stored text also holds its log lines (and the
    /// hex dumps a log line continues with, which have no ASCII column), which are not output.
    static func expected(_ name: String) throws -> String {
        let text = try String(
            contentsOf: corpus.appendingPathComponent("ovs-ofp-print/\(name).txt"), encoding: .utf8)
        var lines: [Substring] = []
        var inLog = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains("|WARN|") {
                inLog = true
                continue
            }
            let isBareDump = line.count > 10 && line.prefix(8).allSatisfy(\.isHexDigit) && !line.contains("|")
            if inLog && isBareDump { continue }
            inLog = false
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func printed(_ name: String) throws -> String {
        let bytes = try Data(contentsOf: corpus.appendingPathComponent("packet/\(name).packet"))
        return OfpPrint.format(Array(bytes))
    }

    @Test("the corpus is all there")
    func corpusSize() {
        #expect(Self.names.count == 73)
    }

    @Test("each message prints exactly as ovs-ofctl ofp-print prints it", arguments: names)
    func message(_ name: String) throws {
        if Self.knownDifferences[name] != nil {
            // Listed as different: it must still differ, or the list is out of date.
            #expect(try Self.printed(name) != Self.expected(name), "\(name) now matches; drop it from the list")
        } else {
            #expect(try Self.printed(name) == Self.expected(name))
        }
    }

    @Test("a hex dump puts the dash after the eighth byte even when the line ends there")
    func hexDumpOfEightBytes() {
        #expect(
            HexDump.lines(Array("fugafuga".utf8))
                == "\n00000000  66 75 67 61 66 75 67 61-                        |fugafuga        |")
    }

    @Test("bytes ovs-ofctl cannot take print as it prints them")
    func malformedInput() {
        #expect(OfpPrint.format([]) == "OpenFlow message is empty")
        #expect(OfpPrint.format([5, 2]).hasPrefix("OpenFlow packet too short (only 2 bytes):\n00000000  05 02"))
        #expect(
            OfpPrint.format([5, 2, 0, 16, 0, 0, 0, 1])
                .hasPrefix("OFPT_ECHO_REQUEST (OF1.4) (xid=0x1):\n(***truncated to 8 bytes from 16***)\n"))
        #expect(OfpPrint.format([5, 2, 0, 8, 0, 0, 0, 1, 0]).hasPrefix("(***only uses 8 bytes out of 9***)\n"))
        // A failed hello's text, with OVS's octal escapes.
        #expect(
            OfpPrint.format([5, 1, 0, 16, 0, 0, 0, 1, 0, 0, 0, 1, 0x22, 0x5c, 0x0a, 0x7a])
                == #"OFPT_ERROR (OF1.4) (xid=0x1): OFPHFC_EPERM"# + "\n" + #"\042\134\012z"#)
    }
}
