// swift-tools-version: 6.1
// Benchmarks: release builds only (`make bench`). Kept apart so `swift test` never builds them.
import PackageDescription

let package = Package(
    name: "SwitchboardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "Switchboard"),  // a symlink to the repository root: a stable package identity
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "OpenFlowCodec",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OpenFlow", package: "Switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/OpenFlowCodec",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Tools/ rather than Benchmarks/: the benchmark plugin takes every target directly under
        // Benchmarks/ for an ordo-one benchmark, and these two are plain executables.
        // Against a real ovs-vswitchd: raw streaming client vs Switchboard, one run (`FlowInstall [N] [RUNS]`).
        .executableTarget(
            name: "FlowInstall",
            dependencies: [
                .product(name: "Controller", package: "Switchboard"),
                .product(name: "OpenFlow", package: "Switchboard"),
                .product(name: "OVSSandbox", package: "Switchboard"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tools/FlowInstall"
        ),
        // cbench-style fake switches flooding PACKET_IN at any controller (see controller-load.sh).
        .executableTarget(
            name: "OFLoad",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tools/OFLoad"
        ),
    ],
    swiftLanguageModes: [.v6]
)
