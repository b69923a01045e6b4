import OVSSandbox
import OpenFlow
import OpenFlowText

#if canImport(Glibc)
    import Glibc
#endif

@main
enum Ofctl {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var out = Output()
        let status: Int32
        do {
            status = try await run(arguments, &out)
        } catch {
            out.flush()
            Output.error("ofctl: \(error)")
            exit(error.exitCode)
        }
        out.flush()
        exit(status)
    }

    static func run(_ arguments: [String], _ out: inout Output) async throws(OfctlError) -> Int32 {
        let o = try Options.parse(arguments)
        if o.version {
            out.line("ofctl (Switchboard) \(SwitchboardVersion.string); OpenFlow 1.4")
            return 0
        }
        guard !o.help, let command = o.words.first else {
            out.line(Usage.text)
            return o.help ? 0 : 2
        }
        let args = Array(o.words.dropFirst())
        func need(_ n: Int, _ usage: String) throws(OfctlError) {
            guard args.count >= n else { throw .usage("usage: ofctl \(command) \(usage)") }
        }

        // Commands that need no switch.
        switch command {
        case "parse-flow":
            try need(1, "FLOW")
            let mod = try FlowCommands.syntax { () throws(SyntaxError) in try FlowParser.parse(args[0]) }
            OfflineCommands.parseFlows([mod], o, &out)
            return 0
        case "parse-flows":
            try need(1, "FILE")
            OfflineCommands.parseFlows(try await FlowCommands.parseFile(args[0], o, names: nil), o, &out)
            return 0
        case "ofp-print":
            try OfflineCommands.ofpPrint(args, &out)
            return 0
        case "diff-flows":
            try need(2, "SOURCE1 SOURCE2")
            return try await ReplaceFlows.diff(args[0], args[1], o, &out) ? 1 : 0
        default:
            break
        }

        guard Usage.switchCommands.contains(command) else {
            let hint = Usage.nearest(command).map { " (did you mean \($0)?)" } ?? ""
            throw .usage("unknown command '\(command)'\(hint); ofctl --help lists them")
        }
        try need(1, "SWITCH ...")
        let rest = Array(args.dropFirst())
        // Parse what can be parsed before connecting: syntax errors never touch the switch.
        try preflight(command, rest)
        let session = try await Session.open(args[0], options: o)
        do {
            try await dispatch(command, session, rest, o, &out)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        return 0
    }

    /// Argument checks that need no switch, for the commands whose arguments are not flows.
    static func preflight(_ command: String, _ args: [String]) throws(OfctlError) {
        switch command {
        case "mod-port":
            guard args.count == 2 else { throw .usage("usage: ofctl mod-port SWITCH PORT ACTION") }
            _ = try PortCommands.parse(args[1])
        case "monitor": _ = try MonitorCommand.parse(args)
        case "dump-group-stats": _ = try GroupStatsCommands.parseGroup(args.first)
        default: break
        }
    }

    static func dispatch(
        _ command: String, _ s: Session, _ args: [String], _ o: Options, _ out: inout Output
    ) async throws(OfctlError) {
        func need(_ n: Int, _ usage: String) throws(OfctlError) {
            guard args.count >= n else { throw .usage("usage: ofctl \(command) SWITCH \(usage)") }
        }
        switch command {
        case "show": try await SwitchCommands.show(s, o, &out)
        case "dump-desc": try await SwitchCommands.dumpDesc(s, o, &out)
        case "dump-tables": try await SwitchCommands.dumpTables(s, o, &out)
        case "dump-ports": try await SwitchCommands.dumpPorts(s, args, o, &out)
        case "dump-ports-desc": try await SwitchCommands.dumpPortsDesc(s, args, o, &out)
        case "dump-flows": try await FlowCommands.dumpFlows(s, args, o, &out)
        case "dump-aggregate": try await FlowCommands.dumpAggregate(s, args, o, &out)
        case "add-flow":
            try need(1, "FLOW")
            try await FlowCommands.modify(s, args[0], command: .add, o)
        case "add-flows":
            try need(1, "FILE")
            try await FlowCommands.addFlows(s, args[0], o)
        case "mod-flows":
            try need(1, "FLOW")
            try await FlowCommands.modify(s, args[0], command: o.strict ? .modifyStrict : .modify, o)
        case "del-flows":
            try await FlowCommands.modify(s, args.first, command: o.strict ? .deleteStrict : .delete, o)
        case "replace-flows":
            try need(1, "FILE")
            try await ReplaceFlows.replace(s, args[0], o, &out)
        case "dump-groups": try await GroupCommands.dump(s, args, o, &out)
        case "add-group":
            try need(1, "GROUP")
            try await GroupCommands.modify(s, args[0], command: .add, o)
        case "add-groups":
            try need(1, "FILE")
            try await GroupCommands.modifyFile(s, args[0], command: .add, o)
        case "mod-group":
            try need(1, "GROUP")
            try await GroupCommands.modify(s, args[0], command: .modify, o)
        case "mod-groups":
            try need(1, "FILE")
            try await GroupCommands.modifyFile(s, args[0], command: .modify, o)
        case "del-groups":
            try await GroupCommands.modify(s, args.first ?? "group_id=all", command: .delete, o)
        case "dump-group-stats":
            try await GroupStatsCommands.dumpStats(s, try GroupStatsCommands.parseGroup(args.first), o, &out)
        case "dump-group-features": try await GroupStatsCommands.dumpFeatures(s, o, &out)
        case "dump-table-features": try await TableFeaturesCommand.run(s, o, &out)
        case "mod-port":
            try need(2, "PORT ACTION")
            try await PortCommands.modPort(s, args[0], try PortCommands.parse(args[1]))
        case "packet-out": try await PacketOutCommand.run(s, args)
        case "monitor": try await MonitorCommand.run(s, try MonitorCommand.parse(args), o, &out)
        case "probe": try await SwitchCommands.probe(s)
        case "ping": try await SwitchCommands.ping(s, args, &out)
        default: throw .usage("unknown command '\(command)'")
        }
    }
}
