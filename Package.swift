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
        .library(name: "Controller", targets: ["Controller"]),
        .library(name: "OVSSandbox", targets: ["OVSSandbox"]),
        .library(name: "OVSDB", targets: ["OVSDB"]),
        .library(name: "OVSDBClient", targets: ["OVSDBClient"]),
        .library(name: "Reconnection", targets: ["Reconnection"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "Reconciler", targets: ["Reconciler"]),
        .library(name: "Orchestrator", targets: ["Orchestrator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // Pure OpenFlow 1.4 value model and binary codec.
        .target(
            name: "OpenFlow",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        // The ovs-ofctl text syntax: parse and format flows, matches, actions, groups.
        .target(name: "OpenFlowText", dependencies: ["OpenFlow", "TextSuggestions"], swiftSettings: strict),
        // Pure: the reconnect backoff (doubling, jitter) shared by Controller and OVSDBClient.
        .target(name: "Reconnection", swiftSettings: strict),
        // The ovs-pki PEM files (key, certificate, CA) and the NIOSSL contexts made from them.
        .target(
            name: "TLSCredentials", dependencies: [.product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: strict),
        // SwiftNIO runtime: listeners, handshake, xid-correlated requests, events.
        .target(
            name: "Controller",
            dependencies: [
                "OpenFlow",
                "Reconnection",
                "TLSCredentials",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Pure RFC 7047: values, schema, operations, table updates, replica cache, typed Open_vSwitch rows.
        .target(name: "OVSDB", swiftSettings: strict),
        // JSON-RPC over unix/tcp/ssl with SwiftNIO: transact, monitor, locks, echo, replica with resync.
        .target(
            name: "OVSDBClient",
            dependencies: [
                "OVSDB",
                "Reconnection",
                "TLSCredentials",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Pure: YAML topology file → validated, immutable topology; every diagnostic with its location.
        // Pure: "did you mean …?" for every tool's unknown words (one rule everywhere).
        .target(name: "TextSuggestions", swiftSettings: strict),
        .target(
            name: "Topology", dependencies: ["TextSuggestions", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Pure: desired vs actual (OVSDB rows; flows and groups) → ordered plan, human diff, guarded changes.
        .target(
            name: "Reconciler",
            dependencies: [
                "OpenFlow", "OpenFlowText", "OVSDB", "Topology", .product(name: "NIOCore", package: "swift-nio"),
            ], swiftSettings: strict
        ),
        // Effects: read live state per node, plan, apply one transaction per node, wait, verify.
        .target(
            name: "Orchestrator",
            dependencies: [
                "Topology", "Reconciler", "OVSDB", "OVSDBClient", "PolicyCompiler", "Controller", "OpenFlow",
                "OpenFlowText", "TLSCredentials",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Pure: plugins and rules of one bridge -> flows and groups in the documented pipeline.
        .target(
            name: "PolicyCompiler", dependencies: ["Topology", "OpenFlow", "TextSuggestions"], swiftSettings: strict),
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
                "OVSDB",
                "OVSDBClient",
                "TLSCredentials",
                "Topology",
                "Reconciler",
                "Orchestrator",
                "PolicyCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ofctl",
            dependencies: [
                "OpenFlow",
                "OpenFlowText",
                "TextSuggestions",
                "Controller",
                "Reconciler",
                "TLSCredentials",
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
        .testTarget(name: "OVSDBTests", dependencies: ["OVSDB"], swiftSettings: strict),
        .testTarget(name: "ReconnectionTests", dependencies: ["Reconnection"], swiftSettings: strict),
        .testTarget(name: "TopologyTests", dependencies: ["Topology"], swiftSettings: strict),
        .testTarget(
            name: "ReconcilerTests", dependencies: ["Reconciler", "Topology", "OVSDB", "OpenFlow"],
            swiftSettings: strict),
        .testTarget(
            name: "OVSDBClientTests",
            dependencies: [
                "OVSDB", "OVSDBClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
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
            dependencies: [
                "Controller", "OpenFlow",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PolicyCompilerTests", dependencies: ["PolicyCompiler", "Topology", "OpenFlow"],
            swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "OVSSandbox", "TestSupport", "Controller", "OpenFlow", "OpenFlowText", "OVSDB", "OVSDBClient",
                "PolicyCompiler", "Topology", "Reconciler", "Orchestrator", "Reconnection", "TLSCredentials",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "OVSSandbox", "TestSupport", "Controller", "OpenFlow", "PolicyCompiler", "Topology", "Reconciler",
                "Orchestrator",
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
