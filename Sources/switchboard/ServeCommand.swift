import ArgumentParser
import Controller
import Foundation
import Logging
import Orchestrator
import TLSCredentials
import Topology
import UnixSignals

/// `switchboard serve`: the OpenFlow controller as a long-running process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Run the OpenFlow 1.4 controller: switches connect to it (or it connects to them) and apps drive them.",
        discussion: """
            Point a bridge at it with `ovs-vsctl set-controller br0 tcp:127.0.0.1:6653`, or connect to a
            switch that listens (`--connect unix:/var/run/openvswitch/br0.mgmt`). Runs until SIGINT or SIGTERM,
            then closes every switch connection cleanly.

            With --topology FILE, every switch that connects is identified by its bridge name (and datapath_id
            if the file gives one) and its flows are brought in line with the bridge's policies: only the
            difference is sent, in one bundle. SIGHUP reloads the file; an invalid file is logged and the old
            one stays in force.
            """)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Listen for switches: tcp:[IP:]PORT, ssl:[IP:]PORT (needs --private-key and --certificate), unix:PATH. Repeatable; default tcp:6653 when nothing else is given.",
            valueName: "TARGET"))
    var listen: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Connect to a switch that listens: tcp:HOST[:PORT], ssl:HOST[:PORT], unix:PATH; reconnects with backoff. Repeatable.",
            valueName: "TARGET"))
    var connect: [String] = []

    @Option(name: .long, help: ArgumentHelp("Run an app: l2-learning. Repeatable.", valueName: "NAME"))
    var app: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep the flows of the file's flow-managed bridges in line on every switch that connects; SIGHUP reloads it.",
            valueName: "FILE"))
    var topology: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds between ARP probes for the MACs of plugins the topology file gives none (learned, and followed when they change).",
            valueName: "SECONDS"))
    var macProbeInterval: Double = 30

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("Set a top-level variable of the topology file (repeatable).", valueName: "NAME=VALUE"))
    var variables: [String] = []

    @Option(name: .long, help: ArgumentHelp("PEM private key for ssl: targets.", valueName: "FILE"))
    var privateKey: String?

    @Option(name: .long, help: ArgumentHelp("PEM certificate for ssl: targets.", valueName: "FILE"))
    var certificate: String?

    @Option(
        name: .long,
        help: ArgumentHelp("PEM CA certificate; peers must present a certificate it signed.", valueName: "FILE"))
    var caCert: String?

    @Option(name: .long, help: "Bytes of each missed packet the switch sends in PACKET_IN (SET_CONFIG miss_send_len).")
    var missSendLen: UInt16 = 0xFFFF

    @Option(name: .long, help: "Seconds of silence before an echo probe.")
    var echoInterval: Double = 5

    @Option(name: .long, help: "Seconds to wait for the echo reply before dropping the switch.")
    var echoTimeout: Double = 5

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve Prometheus metrics at http://HOST:PORT/metrics (PORT alone: loopback).", valueName: "HOST:PORT"))
    var metrics: String?

    @Flag(name: .long, help: "Log every switch connect and disconnect at info level and more at debug level.")
    var verbose = false

    func validate() throws {
        for name in app where ServeCommand.apps[name] == nil {
            throw ValidationError(
                "unknown app '\(name)' (known: \(ServeCommand.apps.keys.sorted().joined(separator: ", ")))")
        }
        if let metrics, MetricsEndpoint.parse(metrics) == nil {
            throw ValidationError("--metrics takes HOST:PORT or PORT, not '\(metrics)'")
        }
        if macProbeInterval <= 0 {
            throw ValidationError("--mac-probe-interval takes a number of seconds above 0")
        }
        if topology == nil, !variables.isEmpty {
            throw ValidationError("--var needs --topology")
        }
        if (privateKey == nil) != (certificate == nil) {
            throw ValidationError("--private-key and --certificate go together")
        }
    }

    static let apps: [String: @Sendable () -> any ControllerApp] = [
        "l2-learning": { L2LearningApp() }
    ]

    func run() async throws {
        var logger = Logger(label: "switchboard.serve")
        logger.logLevel = verbose ? .debug : .info
        // The file first: a broken one stops serve before anything listens.
        let source = try topology.map { TopologyFile(path: $0, variables: try TopologyFile.pairs(variables, "--var")) }
        let initial = try source.map { try Self.loadAtStart($0) }
        // Before any metric exists, so the controller's metrics bind to Prometheus.
        var metricsServer: Task<Void, any Error>?
        if let metrics, let (host, port) = MetricsEndpoint.parse(metrics) {
            do {
                let (task, bound) = try await MetricsEndpoint.start(host: host, port: port, logger: logger)
                metricsServer = task
                FileHandleOutput.standardOutput("metrics at http://\(host):\(bound)/metrics")
            } catch {
                throw fail("metrics: \(error)")
            }
        }
        var configuration = Controller.Configuration()
        configuration.missSendLength = missSendLen
        configuration.echoInterval = .milliseconds(Int(echoInterval * 1000))
        configuration.echoTimeout = .milliseconds(Int(echoTimeout * 1000))
        let controller = Controller(configuration: configuration, logger: logger)
        let tls = privateKey.flatMap { key in
            certificate.map { TLSFiles(privateKey: key, certificate: $0, caCertificate: caCert) }
        }
        do {
            for text in (listen.isEmpty && connect.isEmpty) ? ["tcp:6653"] : listen {
                let target = try ControllerTarget.listen(text)
                let address = try await controller.listen(on: target, tls: tls)
                FileHandleOutput.standardOutput("listening on \(address.map { "\(target) (\($0))" } ?? "\(target)")")
            }
            for text in connect {
                try controller.connect(to: try ControllerTarget.connect(text), tls: tls)
                FileHandleOutput.standardOutput("connecting to \(text)")
            }
        } catch {
            await controller.shutdown()
            metricsServer?.cancel()
            throw fail("\(error)")
        }
        let probeInterval = Duration.milliseconds(Int(macProbeInterval * 1000))
        let topologyApp = initial.map {
            TopologyApp(topology: $0, controller: controller, logger: logger, probeInterval: probeInterval)
        }
        let apps = app.compactMap { ServeCommand.apps[$0]?() } + (topologyApp.map { [$0] } ?? [])
        let runner = AppRunner(controller: controller, apps: apps, logger: logger)
        let events = Task { await runner.run() }
        var reload: (@Sendable () async -> Void)?
        if let source, let topologyApp {
            reload = { [logger] in await Self.reload(source, into: topologyApp, logger: logger) }
        }
        let signal = await ServeSignals.wait(onHangUp: reload)
        logger.info("shutting down", metadata: ["signal": "\(signal)"])
        await controller.shutdown()
        await events.value
        metricsServer?.cancel()
        _ = await metricsServer?.result
    }

    /// Loads the file given at start; an invalid one is an error exit, as in `plan` and `apply`.
    static func loadAtStart(_ source: TopologyFile) throws -> Topology {
        switch source.load() {
        case .success(let loaded):
            for warning in loaded.warnings { FileHandleOutput.standardError(warning) }
            let managed = loaded.topology.nodes.flatMap(\.bridges).filter(\.managesFlows).count
            FileHandleOutput.standardOutput("serving \(source.path): \(managed) flow-managed bridge(s)")
            return loaded.topology
        case .failure(let invalid):
            for line in invalid.lines { FileHandleOutput.standardError(line) }
            throw ExitCode(1)
        }
    }

    /// SIGHUP: reads the file again; a valid one replaces the old and every connected switch is
    /// re-planned, an invalid one is logged with its diagnostics and the old one stays in force.
    static func reload(_ source: TopologyFile, into app: TopologyApp, logger: Logger) async {
        switch source.load() {
        case .success(let loaded):
            for warning in loaded.warnings { logger.warning("\(warning)") }
            logger.info("reloaded \(source.path)")
            await app.reload(loaded.topology)
        case .failure(let invalid):
            logger.error("reload of \(source.path) failed; the previous file stays in force")
            for line in invalid.lines { logger.error("\(line)") }
        }
    }
}

/// Waits for SIGINT or SIGTERM; their default action is replaced, so the process can close its
/// connections first. With a hang-up handler, SIGHUP runs it (to completion, before the next
/// signal is looked at) instead of ending the process.
enum ServeSignals {
    static func wait(onHangUp: (@Sendable () async -> Void)?) async -> UnixSignal {
        let signals =
            onHangUp == nil
            ? await UnixSignalsSequence(trapping: .sigint, .sigterm)
            : await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup)
        for await signal in signals {
            guard signal == .sighup, let onHangUp else { return signal }
            await onHangUp()
        }
        return .sigterm
    }
}
