import NIOCore
import OpenFlow
import OpenFlowText

#if canImport(Glibc)
    import Glibc
#endif

/// show, dump-desc, dump-tables, dump-ports, dump-ports-desc, probe, ping.
enum SwitchCommands {
    static func hex(_ xid: UInt32) -> String { "0x" + String(xid, radix: 16) }

    static func show(_ s: Session, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let features = try await s.request(.featuresRequest)
        guard case .featuresReply(let f) = features.body else { throw .failed("\(s.target): bad features reply") }
        let (portsXID, body) = try await s.multipartWithXID(.portDesc)
        guard case .portDesc(let ports) = body else { throw .failed("\(s.target): bad port description reply") }
        let config = try await s.request(.getConfigRequest)
        guard case .getConfigReply(let c) = config.body else { throw .failed("\(s.target): bad config reply") }
        if o.json {
            out.line(
                JSON.object([
                    ("datapath_id", JSON.string(hex16(f.datapathID))), ("n_tables", JSON.number(UInt64(f.nTables))),
                    ("n_buffers", JSON.number(UInt64(f.nBuffers))), ("ports", JSONPorts.ports(ports)),
                ]))
            return
        }
        out.line("OFPT_FEATURES_REPLY (OF1.4) (xid=\(hex(features.xid))): dpid:\(hex16(f.datapathID))")
        for l in SwitchFormatter.features(f) { out.line(l) }
        out.line("OFPST_PORT_DESC reply (OF1.4) (xid=\(hex(portsXID))):")
        for p in SwitchFormatter.sortedPorts(ports) { for l in SwitchFormatter.port(p) { out.line(l) } }
        let frags = ["normal", "drop", "reassemble", "nx-match"]
        let frag = Int(c.flags.rawValue & 3)
        out.line(
            "OFPT_GET_CONFIG_REPLY (OF1.4) (xid=\(hex(config.xid))): frags=\(frags[frag]) miss_send_len=\(c.missSendLength)"
        )
    }

    static func hex16(_ v: UInt64) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h
    }

    static func dumpPortsDesc(
        _ s: Session, _ args: [String], _ o: Options, _ out: inout Output
    ) async throws(OfctlError) {
        let (xid, body) = try await s.multipartWithXID(.portDesc)
        guard case .portDesc(var ports) = body else { throw .failed("\(s.target): bad port description reply") }
        if let arg = args.first {
            ports = ports.filter { $0.name == arg || PortSyntax.parse(arg) == $0.portNumber }
        }
        if o.json {
            out.line(JSONPorts.ports(ports))
            return
        }
        out.line("OFPST_PORT_DESC reply (OF1.4) (xid=\(hex(xid))):")
        for p in SwitchFormatter.sortedPorts(ports) { for l in SwitchFormatter.port(p) { out.line(l) } }
    }

    static func dumpTables(_ s: Session, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let (xid, body) = try await s.multipartWithXID(.table)
        guard case .table(let tables) = body else { throw .failed("\(s.target): bad table stats reply") }
        if o.json {
            out.line(
                JSON.array(
                    tables.map {
                        JSON.object([
                            ("table", JSON.number(UInt64($0.tableID))), ("active", JSON.number(UInt64($0.activeCount))),
                            ("lookup", JSON.number($0.lookupCount)), ("matched", JSON.number($0.matchedCount)),
                        ])
                    }))
            return
        }
        var text = "OFPST_TABLE reply (OF1.4) (xid=\(hex(xid))):" + SwitchFormatter.tables(tables)
        if text.hasSuffix("\n") { text.removeLast() }
        out.line(text)
    }

    static func dumpPorts(_ s: Session, _ args: [String], _ o: Options, _ out: inout Output) async throws(OfctlError) {
        var port = PortNumber.any
        if let arg = args.first {
            guard let p = PortSyntax.parse(arg) else { throw .usage("\(arg): not a port number") }
            port = p
        }
        let (xid, body) = try await s.multipartWithXID(.portStats(port: port))
        guard case .portStats(let stats) = body else { throw .failed("\(s.target): bad port stats reply") }
        if o.json {
            out.line(
                JSON.array(
                    stats.map {
                        JSON.object([
                            ("port", JSON.string(PortSyntax.format($0.portNumber))),
                            ("rx_packets", JSON.number($0.rxPackets)), ("rx_bytes", JSON.number($0.rxBytes)),
                            ("rx_dropped", JSON.number($0.rxDropped)), ("rx_errors", JSON.number($0.rxErrors)),
                            ("tx_packets", JSON.number($0.txPackets)), ("tx_bytes", JSON.number($0.txBytes)),
                            ("tx_dropped", JSON.number($0.txDropped)), ("tx_errors", JSON.number($0.txErrors)),
                            ("duration", JSON.string(FlowFormatter.duration($0.durationSec, $0.durationNSec))),
                        ])
                    }))
            return
        }
        out.line("OFPST_PORT reply (OF1.4) (xid=\(hex(xid))): \(stats.count) ports")
        for p in stats { for line in PortStatsFormatter.port(p) { out.line(line) } }
    }

    static func dumpDesc(_ s: Session, _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let (xid, body) = try await s.multipartWithXID(.desc)
        guard case .desc(let d) = body else { throw .failed("\(s.target): bad description reply") }
        if o.json {
            out.line(
                JSON.object([
                    ("manufacturer", JSON.string(d.manufacturer)), ("hardware", JSON.string(d.hardware)),
                    ("software", JSON.string(d.software)), ("serial_number", JSON.string(d.serialNumber)),
                    ("datapath", JSON.string(d.datapath)),
                ]))
            return
        }
        out.line("OFPST_DESC reply (OF1.4) (xid=\(hex(xid))):")
        for line in PortStatsFormatter.description(d) { out.line(line) }
    }

    static func probe(_ s: Session) async throws(OfctlError) {
        let reply = try await s.request(.echoRequest(.init()))
        guard case .echoReply = reply.body else { throw .failed("\(s.target): no echo reply") }
    }

    static func ping(_ s: Session, _ args: [String], _ out: inout Output) async throws(OfctlError) {
        let size = Int(args.first ?? "64") ?? 64
        guard size >= 8, size <= 65535 else { throw .usage("ping: size must be 8-65535") }
        let clock = ContinuousClock()
        for _ in 0..<10 {
            var payload = ByteBuffer()
            payload.writeRepeatingByte(0x5a, count: size - 8)
            let start = clock.now
            let reply = try await s.request(.echoRequest(payload))
            let elapsed = clock.now - start
            guard case .echoReply(let back) = reply.body, back == payload else {
                throw .failed("\(s.target): reply does not match the request")
            }
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            let xid = String(reply.xid, radix: 16)
            out.line(
                "\(size) bytes from \(s.target): xid=\(String(repeating: "0", count: max(0, 8 - xid.count)) + xid) time=\(String(format1: ms)) ms"
            )
            out.flush()
        }
    }
}

extension String {
    /// One decimal, like printf's "%.1f", without Foundation's formatting.
    init(format1 v: Double) {
        let tenths = Int((v * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
