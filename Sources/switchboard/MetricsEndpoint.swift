import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus

/// `switchboard serve --metrics HOST:PORT`: Prometheus becomes the process's swift-metrics backend
/// and its text exposition is served at `/metrics` by Hummingbird.
enum MetricsEndpoint {
    /// Bootstraps the backend (once per process), starts the HTTP server, and returns once it
    /// listens, with the task that runs it (cancel it to stop) and the port it got.
    static func start(host: String, port: Int, logger: Logger) async throws -> (Task<Void, any Error>, Int) {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "switchboard"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            }, logger: logger)
        let task = Task { try await app.run() }
        for await actual in bound { return (task, actual) }
        task.cancel()
        throw MetricsEndpointError.didNotStart("\(host):\(port)")
    }

    /// `HOST:PORT` or `PORT` (loopback).
    static func parse(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":") else { return Int(text).map { ("127.0.0.1", $0) } }
        guard let port = Int(text[text.index(after: colon)...]) else { return nil }
        return (String(text[..<colon]), port)
    }
}

enum MetricsEndpointError: Error, CustomStringConvertible {
    case didNotStart(String)

    var description: String {
        switch self {
        case .didNotStart(let address): "the metrics endpoint could not listen on \(address)"
        }
    }
}
