import Foundation
import OVSSandbox

/// What the machine running the tests can do. Locally a test that needs OVS, root or Graphviz is
/// skipped, and Swift Testing lists the skip with its reason; with `SWITCHBOARD_REQUIRE_OVS=1`
/// (CI sets it) such tests run anyway and fail loudly on what is missing.
public enum TestEnvironment {
    public static let required = ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_OVS"] == "1"

    public static let hasOVS: Bool = required || (try? OVSBinaries.locate()) != nil

    /// Network namespaces and veth pairs need root as well as OVS.
    public static let hasRootAndOVS: Bool = required || (geteuid() == 0 && hasOVS)

    /// Graphviz's `dot`, which renders `switchboard graph` (installed by `make setup` as CI does).
    public static let hasGraphviz: Bool = required || ExecutableSearch.find("dot") != nil

    /// Directory of the test runner, next to which SwiftPM puts the package's executables.
    public static var productsDirectory: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        while directory.path != "/"
            && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("switchboard").path)
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }
}
