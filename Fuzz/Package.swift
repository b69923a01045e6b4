// swift-tools-version: 6.1
// libFuzzer target for the OpenFlow decoder. A separate package so that the root package's
// plain `swift build` never links an executable without `main` (libFuzzer supplies it).
// Build and run: scripts/fuzz.sh SECONDS (Docs/openflow.md, "Fuzzing").
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, which differs between clones and
// worktrees; derive it rather than hard-coding "switchboard".
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "SwitchboardFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: root.path)
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "OpenFlowFuzz",
            dependencies: ["CFuzzDriver", .product(name: "OpenFlow", package: root.lastPathComponent)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
