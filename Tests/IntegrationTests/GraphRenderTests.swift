import Foundation
import OVSSandbox
import TestSupport
import Testing

/// `switchboard graph --format svg` as a user runs it: the built executable hands its DOT text to
/// Graphviz's `dot`, which must accept it and draw every label as written.
@Suite("switchboard graph renders", .enabled(if: TestEnvironment.hasGraphviz, "needs Graphviz: run `make setup`"))
struct GraphRenderTests {
    let switchboard = TestEnvironment.productsDirectory.appendingPathComponent("switchboard").path
    let topologies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies")

    func svg(_ file: String) async throws -> Command.Output {
        try await Command(switchboard, ["graph", file, "--format", "svg"]).run()
    }

    /// The text elements of an SVG that Graphviz drew, unescaped.
    func texts(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text").dropFirst().compactMap { element in
            guard let start = element.firstIndex(of: ">"), let end = element.range(of: "</text>") else { return nil }
            return String(element[element.index(after: start)..<end.lowerBound])
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#45;", with: "-")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    @Test("every example renders; ports, plugins and policy edges are drawn as separate label lines")
    func examples() async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: topologies.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(files.count >= 6)
        for file in files {
            let output = try await svg(topologies.appendingPathComponent(file).path)
            #expect(output.status == 0, "\(file): \(output.stderr)")
            #expect(output.stderr.isEmpty, "\(file): \(output.stderr)")
            let lines = texts(output.stdout)
            #expect(!lines.isEmpty, "\(file)")
            // A label line break written as `\\n` would be drawn as a backslash and an n.
            #expect(!lines.contains { $0.contains("\\n") }, "\(file): \(lines)")
        }
        let edge = texts(try await svg(topologies.appendingPathComponent("plugin-edge.yaml").path).stdout)
        for line in ["uplink", "trunk 10,20", "plugin firewall", "plugin balancer", "DNAT", "COPY"] {
            #expect(edge.contains(line), "\(line) not in \(edge)")
        }
        #expect(edge.contains { $0.hasPrefix("3 rules: ") }, "\(edge)")
        let through = texts(try await svg(topologies.appendingPathComponent("plugin-through.yaml").path).stdout)
        #expect(through.contains("THROUGH ×2"), "\(through)")
    }

    @Test("quotes, backslashes and line breaks in a value render as written")
    func escaping() async throws {
        let directory = try makeTemporaryDirectory(prefix: "gr")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/odd.yaml"
        try """
        name: odd
        ovsdb: "unix:/tmp/a\\"b\\\\c\\nd.sock"
        bridges:
          br0:
            ports:
              p: {vlan: 5}

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let output = try await svg(file)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = texts(output.stdout)
        #expect(lines.contains("local (unix:/tmp/a\"b\\c"), "\(lines)")
        #expect(lines.contains("d.sock)"), "\(lines)")
    }
}
