import OpenFlow
import OpenFlowText

/// dump-flows, dump-aggregate, add-flow(s), mod-flows, del-flows.
enum FlowCommands {
    static func syntax<T>(_ body: () throws(SyntaxError) -> T) throws(OfctlError) -> T {
        do { return try body() } catch { throw .syntax(error.description) }
    }

    static func dumpFlows(_ s: Session, _ args: [String], _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let names = o.names ? try await s.portNames() : nil
        // Names fetched only to parse a port name are not used for printing (ovs-ofctl prints
        // numbers unless --names).
        var parseNames = names
        let text = args.first ?? ""
        let request = try await withPortNames(s, &parseNames) { (n: PortNames?) throws(SyntaxError) in
            try FlowParser.parseRequest(text, names: n)
        }
        let (xid, body) = try await s.multipartWithXID(.flow(request))
        guard case .flow(var flows) = body else {
            throw .failed("\(s.target): unexpected reply to a flow stats request")
        }
        defer { KeptUntilExit.keep(flows) }
        if !o.sort.isEmpty { flows = FlowSorting.sort(flows, by: o.sort) }
        if o.json {
            out.line(JSON.flows(flows, names: names, showStats: !o.noStats))
            return
        }
        // ovs-ofctl prints the reply header only for a plain dump.
        if o.sort.isEmpty && !o.names && !o.noStats {
            out.line("OFPST_FLOW reply (OF1.4) (xid=0x\(String(xid, radix: 16))):")
        }
        if let names {
            for f in flows { out.line(" " + FlowFormatter.format(f, showStats: !o.noStats, names: names)) }
        } else {
            let showStats = !o.noStats
            for f in flows { out.bytes { FlowDumpWriter.appendLine(f, showStats: showStats, to: &$0) } }
        }
    }

    static func dumpAggregate(
        _ s: Session, _ args: [String], _ o: Options, _ out: inout Output
    ) async throws(OfctlError) {
        let names = o.names ? try await s.portNames() : nil
        // Names fetched only to parse a port name are not used for printing (ovs-ofctl prints
        // numbers unless --names).
        var parseNames = names
        let text = args.first ?? ""
        let request = try await withPortNames(s, &parseNames) { (n: PortNames?) throws(SyntaxError) in
            try FlowParser.parseRequest(text, names: n)
        }
        let (xid, body) = try await s.multipartWithXID(.aggregate(request))
        guard case .aggregate(let a) = body else {
            throw .failed("\(s.target): unexpected reply to an aggregate request")
        }
        if o.json {
            out.line(
                JSON.object([
                    ("packet_count", JSON.number(a.packetCount)), ("byte_count", JSON.number(a.byteCount)),
                    ("flow_count", JSON.number(UInt64(a.flowCount))),
                ]))
        } else {
            out.line(
                "OFPST_AGGREGATE reply (OF1.4) (xid=0x\(String(xid, radix: 16))): packet_count=\(a.packetCount) byte_count=\(a.byteCount) flow_count=\(a.flowCount)"
            )
        }
    }

    /// add-flow / mod-flows / del-flows with one flow on the command line.
    static func modify(
        _ s: Session, _ flow: String?, command: FlowModCommand, _ o: Options
    ) async throws(OfctlError) {
        var names: PortNames?
        let text = flow ?? ""
        let mod = try await withPortNames(s, &names) { (n: PortNames?) throws(SyntaxError) in
            try FlowParser.parse(text, command: command, names: n)
        }
        try await s.apply([.flowMod(mod)], bundle: o.bundle)
    }

    static func addFlows(_ s: Session, _ file: String, _ o: Options) async throws(OfctlError) {
        let lazy = try FlowFile.lazyLines(file)
        if o.bundle {
            try await StreamedBundle.addFlows(s, file, o, lines: lazy)
            return
        }
        let lines = Array(lazy)
        let mods: [FlowMod]
        do {
            mods = try await parseFile(file, o, names: nil, lines: lines)
        } catch .syntax(let message) where message.contains("unknown port") {
            // The file names ports: parse again with the switch's port names.
            mods = try await parseFile(file, o, names: try await s.portNames(), lines: lines)
        }
        let name = file == "-" ? "stdin" : file
        try await s.apply(
            mods.map { .flowMod($0) }, bundle: o.bundle, labels: lines.map { "\(name):\($0.number): \($0.text)" })
    }

    static func parseFile(
        _ file: String, _ o: Options, names: PortNames?, lines: [(number: Int, text: String)]? = nil
    ) async throws(OfctlError) -> [FlowMod] {
        let strict = o.strict
        return try await FlowFile.parseAll(file, lines: lines) { (text: String) throws(SyntaxError) -> FlowMod in
            try FlowFile.flowMod(text, strict: strict, names: names)
        }
    }

    /// Parses with the switch's port names only when the text names a port the parser does not
    /// know: most flows use numbers, and asking the switch costs a round trip.
    static func withPortNames<T>(
        _ s: Session, _ names: inout PortNames?, _ parse: (PortNames?) throws(SyntaxError) -> T
    ) async throws(OfctlError) -> T {
        do {
            return try parse(names)
        } catch  where names == nil && error.message.contains("unknown port") {
            let fetched = try await s.portNames()
            names = fetched
            return try syntax { () throws(SyntaxError) in try parse(fetched) }
        } catch {
            throw .syntax(error.description)
        }
    }
}

/// `--sort[=FIELD]` / `--rsort[=FIELD]`: by priority, or by a field's value (flows without the
/// field last, in either direction, as ovs-ofctl does).
enum FlowSorting {
    static func sort(_ flows: [FlowStats], by keys: [Options.SortKey]) -> [FlowStats] {
        let matches = flows.map { FlowMatch($0.match) }
        let order = flows.indices.sorted { a, b in
            for key in keys {
                let c = compare(flows[a], matches[a], flows[b], matches[b], key)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        return order.map { flows[$0] }
    }

    private static func compare(
        _ a: FlowStats, _ ma: FlowMatch, _ b: FlowStats, _ mb: FlowMatch, _ key: Options.SortKey
    ) -> Int {
        guard let name = key.field, name != "priority" else {
            let c = a.priority == b.priority ? 0 : (a.priority < b.priority ? -1 : 1)
            return key.descending ? -c : c
        }
        let va = ma.value(of: name)
        let vb = mb.value(of: name)
        switch (va, vb) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case (let x?, let y?):
            let c = x == y ? 0 : (x < y ? -1 : 1)
            return key.descending ? -c : c
        }
    }
}
