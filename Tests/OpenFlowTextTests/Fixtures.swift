import Foundation

/// Test inputs kept next to the tests: flow lines, and what ovs-ofctl 3.1 prints for each
/// (`ovs-ofctl -O OpenFlow14 parse-flow`, header removed).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func lines(_ name: String) -> [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    static var flows: [String] { lines("flows.txt") }
    static var ovsParseFlow: [String] { lines("flows.ovs-parse-flow.txt") }
}
