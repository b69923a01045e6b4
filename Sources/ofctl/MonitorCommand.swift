import Controller
import OpenFlow
import OpenFlowText

/// `monitor SWITCH [MISS-LEN] [invalid_ttl] [watch:[SPEC...]]`: prints the switch's asynchronous
/// messages as they arrive, until interrupted, the switch disconnects, or `--timeout` passes.
/// Each `watch:` sets up an OpenFlow 1.4 flow monitor first, so flow table changes arrive too.
enum MonitorCommand {
    struct Request {
        var missSendLength: UInt16?
        /// One flow monitor per `watch:` argument, numbered from 1 as ovs-ofctl numbers them.
        var watches: [FlowMonitorRequest] = []
    }

    /// Checked before connecting: a bad argument never opens a connection.
    static func parse(_ args: [String]) throws(OfctlError) -> Request {
        var r = Request()
        for arg in args {
            if let first = arg.first, first.isNumber {
                guard let n = UInt16(arg) else { throw .usage("monitor: miss-len '\(arg)' is not a number 0-65535") }
                r.missSendLength = n
            } else if arg == "invalid_ttl" {
                // The same refusal as ovs-ofctl -O OpenFlow14: the feature predates OpenFlow 1.3.
                throw .usage("monitor: invalid_ttl requires OpenFlow 1.0, 1.1 or 1.2; ofctl speaks OpenFlow 1.4 only")
            } else if arg.hasPrefix("watch:") {
                do {
                    r.watches.append(
                        try FlowMonitorSyntax.parse(
                            String(arg.dropFirst("watch:".count)), id: UInt32(r.watches.count + 1)))
                } catch {
                    throw .usage("monitor: \(arg): \(error)")
                }
            } else {
                throw .usage("monitor: '\(arg)': unsupported argument; expected MISS-LEN, invalid_ttl or watch:...")
            }
        }
        return r
    }

    static func run(
        _ s: Session, _ request: Request, _ o: Options, _ out: inout Output
    ) async throws(OfctlError) {
        if let miss = request.missSendLength {
            // Keep the fragment handling the switch has; change only the miss length, as ovs-ofctl does.
            let reply = try await s.request(.getConfigRequest)
            guard case .getConfigReply(let current) = reply.body else {
                throw .failed("\(s.target): bad config reply")
            }
            try await s.apply([.setConfig(SwitchConfig(flags: current.flags, missSendLength: miss))], bundle: false)
        } else if request.watches.isEmpty {
            // OVS sends nothing asynchronous on a bridge's management socket until asked to.
            Output.error(
                "ofctl: note: a bridge's management connection receives no asynchronous messages with miss-len 0; "
                    + "give one, e.g. ofctl monitor \(s.target) 65535")
        }
        let names = o.names ? try await s.portNames() : nil
        for watch in request.watches {
            // The switch answers with the flows there now (unless !initial); later changes come
            // as unsolicited flow monitor replies, printed below like any other message.
            let (xid, body) = try await s.multipartWithXID(.flowMonitor(watch))
            out.line(MessageFormatter.format(OFMessage(xid: xid, .multipartReply(MultipartReply(body))), names: names))
        }
        out.flush()
        let deadline = o.timeout.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        let events = s.controller.events
        let watch = Task {
            for await event in events {
                if let text = text(event, names: names) {
                    var line = Output()
                    line.line(text)
                    line.flush()
                }
                if case .disconnected(_, let reason) = event { return reason }
            }
            return "the event stream ended"
        }
        if let deadline {
            // --timeout: stop watching then, successfully.
            let timer = Task {
                try? await Task.sleep(until: deadline)
                watch.cancel()
            }
            let reason = await watch.value
            timer.cancel()
            if ContinuousClock.now >= deadline { return }
            throw .failed("\(s.target): \(reason)")
        }
        let reason = await watch.value
        throw .failed("\(s.target): \(reason)")
    }

    /// One event as ovs-ofctl prints the message. Asynchronous messages carry xid 0 from OVS,
    /// which is what ovs-ofctl shows; the controller passes on the few it keeps whole.
    static func text(_ event: SwitchEvent, names: PortNames?) -> String? {
        switch event {
        case .packetIn(_, let p): MessageFormatter.format(OFMessage(xid: 0, .packetIn(p)), names: names)
        case .flowRemoved(_, let f): MessageFormatter.format(OFMessage(xid: 0, .flowRemoved(f)), names: names)
        case .portStatus(_, let p): MessageFormatter.format(OFMessage(xid: 0, .portStatus(p)), names: names)
        case .message(_, let m): MessageFormatter.format(m, names: names)
        case .error(_, let e, let xid): MessageFormatter.format(OFMessage(xid: xid, .error(e)), names: names)
        case .connected, .disconnected: nil
        }
    }
}
