import Controller
import Foundation
import Logging
import NIOCore
import OpenFlow
import OpenFlowText
import TLSCredentials

/// One connection to one switch for the duration of a command.
struct Session {
    let handle: Switch
    let controller: Controller
    let timeout: Duration
    let target: String

    static func open(_ text: String, options: Options) async throws(OfctlError) -> Session {
        if let passive = try Target.passive(text) { return try await listen(text, passive, options: options) }
        let target = try Target.resolve(text)
        if case .unix(let path) = target, !FileManager.default.fileExists(atPath: path) {
            throw .failed("\(text): cannot connect: \(path) does not exist (is the bridge name right, and OVS_RUNDIR?)")
        }
        var tls: TLSFiles?
        if case .ssl = target {
            guard let key = options.privateKey, let cert = options.certificate else {
                throw .usage("ssl: targets need --private-key and --certificate (and usually --ca-cert)")
            }
            tls = TLSFiles(privateKey: key, certificate: cert, caCertificate: options.caCertificate)
        }
        var configuration = Controller.Configuration()
        // ofctl is short-lived: keepalive probes only matter for long monitors.
        configuration.echoInterval = .seconds(60)
        configuration.maximumMessageLength = 65_535
        // A management connection, like ovs-ofctl's: no packet-ins wanted (show prints this value).
        configuration.missSendLength = 0
        // A command-line tool reports through its exit status and messages, not connection logs.
        var logger = Logger(label: "ofctl")
        logger.logLevel = .critical
        let controller = Controller(configuration: configuration, logger: logger)
        let timeout = Duration.milliseconds(Int64((options.timeout ?? 30) * 1000))
        do {
            let handle = try await controller.open(target, tls: tls, timeout: min(timeout, .seconds(10)))
            return Session(handle: handle, controller: controller, timeout: timeout, target: text)
        } catch {
            await controller.shutdown()
            throw .failed("\(text): cannot connect to \(target): \(Session.describe(error))")
        }
    }

    func close() async { await controller.shutdown() }

    /// `ptcp:`/`pssl:`/`punix:`: listen, and use the first switch that connects.
    static func listen(_ text: String, _ target: ControllerTarget, options: Options) async throws(OfctlError) -> Session
    {
        var tls: TLSFiles?
        if case .ssl = target {
            guard let key = options.privateKey, let cert = options.certificate else {
                throw .usage("pssl: targets need --private-key and --certificate (and usually --ca-cert)")
            }
            tls = TLSFiles(privateKey: key, certificate: cert, caCertificate: options.caCertificate)
        }
        var logger = Logger(label: "ofctl")
        logger.logLevel = .critical
        let controller = Controller(logger: logger)
        let timeout = Duration.milliseconds(Int64((options.timeout ?? 60) * 1000))
        do {
            try await controller.listen(on: target, tls: tls)
            guard let handle = try await controller.waitForSwitches(count: 1, timeout: timeout).first else {
                throw OfctlError.failed("\(text): no switch connected")
            }
            return Session(handle: handle, controller: controller, timeout: timeout, target: text)
        } catch {
            await controller.shutdown()
            throw .failed("\(text): no switch connected: \(Session.describe(error))")
        }
    }

    /// Runs `body` and turns controller errors into exit-status-1 failures with the switch's error named.
    func run<T>(_ what: String, _ body: () async throws -> T) async throws(OfctlError) -> T {
        do {
            return try await body()
        } catch let error as OfctlError {
            throw error
        } catch {
            throw .failed("\(target): \(what): \(Session.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let c = error as? ControllerError {
            switch c {
            case .switchError(let e, let request, _):
                return "switch refused \(MessageFormatter.name(request)): \(ErrorNames.describe(e))"
            case .rejected(let list):
                return list.map {
                    "message #\($0.index + 1) (\(MessageFormatter.name($0.type))) refused: \(ErrorNames.describe($0.error))"
                }
                .joined(separator: "; ")
            case .bundleFailed(let f):
                var parts = ["bundle refused, nothing was changed"]
                if let m = f.failedMessage {
                    parts.append(
                        "message #\(m.index + 1) (\(MessageFormatter.name(m.type))): \(ErrorNames.describe(m.error))")
                }
                if let e = f.controlError { parts.append("commit: \(ErrorNames.describe(e))") }
                return parts.joined(separator: "; ")
            default:
                return c.description
            }
        }
        return "\(error)"
    }

    // MARK: Helpers shared by commands

    func request(_ body: OFMessage.Body) async throws(OfctlError) -> OFMessage {
        try await run("\(body.type)") { try await handle.request(body, timeout: timeout) }
    }

    func multipart(_ body: MultipartRequest.Body) async throws(OfctlError) -> MultipartReply.Body {
        try await multipartWithXID(body).1
    }

    /// The reply's body and its xid (ovs-ofctl prints the xid in reply headers).
    func multipartWithXID(_ body: MultipartRequest.Body) async throws(OfctlError) -> (UInt32, MultipartReply.Body) {
        let reply = try await request(.multipartRequest(MultipartRequest(body)))
        guard case .multipartReply(let m) = reply.body else {
            throw .failed("\(target): expected a multipart reply, got \(reply.type)")
        }
        return (reply.xid, m.body)
    }

    func flows(_ request: FlowStatsRequest) async throws(OfctlError) -> [FlowStats] {
        guard case .flow(let flows) = try await multipart(.flow(request)) else {
            throw .failed("\(target): unexpected reply to a flow stats request")
        }
        return flows
    }

    func portNames() async throws(OfctlError) -> PortNames {
        let ports = try await run("port descriptions") { try await handle.ports() }
        return PortNames(ports.map { (number: $0.portNumber.rawValue, name: $0.name) })
    }

    /// Applies modifications: in one atomic bundle with `--bundle`, else sent in order and
    /// confirmed with a barrier (so every refusal is reported).
    /// `labels[i]` says where message i came from (`flows.txt:12: FLOW`), for error messages.
    func apply(_ bodies: [OFMessage.Body], bundle: Bool, labels: [String]? = nil) async throws(OfctlError) {
        guard !bodies.isEmpty else { return }
        do {
            if bundle {
                try await handle.bundle(bodies, timeout: max(timeout, .seconds(120)))
            } else {
                try await handle.sendConfirmed(bodies, timeout: max(timeout, .seconds(120)))
            }
        } catch {
            throw failure(error) { index in labels.flatMap { index < $0.count ? $0[index] : nil } }
        }
    }

    /// A refused batch or bundle as ofctl reports it: the switch's error, then each refused
    /// message's `label` (where it came from), at most 20.
    func failure(_ error: any Error, label: (Int) -> String?) -> OfctlError {
        var text = Session.describe(error)
        var failed: [RejectedMessage] = []
        if case ControllerError.rejected(let list) = error { failed = list }
        if case ControllerError.bundleFailed(let f) = error, let m = f.failedMessage { failed = [m] }
        for m in failed.prefix(20) {
            if let origin = label(m.index) { text += "\n  \(origin): \(ErrorNames.describe(m.error))" }
        }
        return .failed("\(target): \(text)")
    }
}
