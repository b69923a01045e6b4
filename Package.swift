// swift-tools-version: 6.1
// Switchboard: an SDN control plane for Open vSwitch (OpenFlow 1.4 + OVSDB).
// Module map and import rules: Docs/ARCHITECTURE.md.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "ofctl", targets: ["ofctl"]),
        .library(name: "OpenFlow", targets: ["OpenFlow"]),
        .library(name: "OpenFlowText", targets: ["OpenFlowText"]),
        .library(name: "OVSSandbox", targets: ["OVSSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Pure OpenFlow 1.4 value model and binary codec.
        .target(
            name: "OpenFlow",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        // The ovs-ofctl text syntax: parse and format flows, matches, actions, groups.
        .target(name: "OpenFlowText", dependencies: ["OpenFlow"], swiftSettings: strict),
        // SwiftNIO runtime: listeners, handshake, xid-correlated requests, events.
        .target(
            name: "Controller",
            dependencies: [
                "OpenFlow",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Starts and stops a private ovsdb-server + ovs-vswitchd (tests, `switchboard sandbox`, demo).
        .target(
            name: "OVSSandbox",
            dependencies: [.product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        // Shared test plumbing: gating on root/OVS, per-test sandboxes.
        .target(name: "TestSupport", dependencies: ["OVSSandbox"], swiftSettings: strict),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "OVSSandbox",
                "Controller",
                "OpenFlow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ofctl",
            dependencies: [
                "OpenFlow",
                "OpenFlowText",
                "Controller",
                "OVSSandbox",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OpenFlowTests",
            dependencies: ["OpenFlow", .product(name: "NIOCore", package: "swift-nio")],
            exclude: ["Corpus"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OpenFlowTextTests",
            dependencies: ["OpenFlowText", "OpenFlow", .product(name: "NIOCore", package: "swift-nio")],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ControllerTests",
            dependencies: ["Controller", "OpenFlow"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["OVSSandbox", "TestSupport", "Controller", "OpenFlow"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["OVSSandbox", "TestSupport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
