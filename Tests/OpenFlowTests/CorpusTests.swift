import Foundation
import NIOCore
import Testing
@testable import OpenFlow

/// Round trips every golden message: decode, re-encode, compare bytes. Every length in our
/// output is computed at encode time (the model stores none), so identical bytes also prove
/// the lengths and padding are derivable.
@Suite struct CorpusTests {
    /// OF1.4 files we cannot round-trip, with the reason. Must stay in sync: a file listed here
    /// that starts passing fails the test so the list is kept honest.
    static let of14Exceptions: [String: String] = [:]

    /// Ryu JSON facts that legitimately differ from our model.
    static let jsonExceptions: [String: String] = [:]

    static func check(_ entry: Corpus.Entry, rewriteVersion: Bool) -> (ok: Bool, detail: String) {
        var bytes = entry.bytes
        if rewriteVersion, !bytes.isEmpty { bytes[0] = OpenFlowVersion.wire }
        let input = ByteBuffer(bytes: bytes)
        let message: OFMessage
        do {
            message = try OFMessage(bytes: input)
        } catch {
            return (false, "decode failed: \(error)")
        }
        let out = message.bytes
        if out != input {
            return (false, "re-encoded differently:\n ours \(hex(out))\n orig \(hex(input))")
        }
        if case .undecoded = message.body { return (false, "not decoded as OpenFlow 1.4") }
        return (true, "")
    }

    @Test func of14CorpusRoundTrips() {
        let entries = Corpus.entries("ryu-of14")
        #expect(entries.count >= 70, "corpus not found at \(Corpus.root.path)")
        var passed = 0
        for entry in entries {
            let (ok, detail) = Self.check(entry, rewriteVersion: false)
            if let reason = Self.of14Exceptions[entry.name] {
                #expect(!ok, "\(entry.name) is listed as an exception (\(reason)) but now passes")
                continue
            }
            #expect(ok, "\(entry.name): \(detail)")
            if ok { passed += 1 }
        }
        #expect(passed + Self.of14Exceptions.count == entries.count)
    }

    @Test func of14CorpusAgreesWithRyuJSON() throws {
        for entry in Corpus.entries("ryu-of14") where Self.of14Exceptions[entry.name] == nil {
            guard let json = entry.json else {
                Issue.record("no JSON for \(entry.name)")
                continue
            }
            guard let message = try? OFMessage(bytes: ByteBuffer(bytes: entry.bytes)) else { continue }
            let problems = CorpusFacts.compare(json: json, message: message)
            if let reason = Self.jsonExceptions[entry.name] {
                #expect(!problems.isEmpty, "\(entry.name) JSON exception (\(reason)) no longer needed")
                continue
            }
            #expect(problems.isEmpty, "\(entry.name): \(problems.joined(separator: "; "))")
            if case .undecoded = message.body { Issue.record("\(entry.name) undecoded") }
            // xid is in the header; Ryu's JSON omits it except where it is a body field.
            #expect(message.xid == entry.bytes.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | UInt32($1) })
        }
    }
}
