import OpenFlow
import OpenFlowText

/// dump-groups, add-group(s), mod-group(s), del-groups.
enum GroupCommands {
    static func dump(_ s: Session, _ args: [String], _ o: Options, _ out: inout Output) async throws(OfctlError) {
        let names = o.names ? try await s.portNames() : nil
        let (xid, body) = try await s.multipartWithXID(.groupDesc)
        guard case .groupDesc(var groups) = body else {
            throw .failed("\(s.target): unexpected reply to a group description request")
        }
        if let arg = args.first {
            // OpenFlow 1.4's GROUP_DESC has no filter; select here, as `dump-groups SWITCH GROUP` asks.
            let wanted = try FlowCommands.syntax { () throws(SyntaxError) in
                try GroupSyntax.parse(arg.hasPrefix("group_id") ? arg : "group_id=\(arg)", command: .delete)
            }
            if wanted.groupID != GroupID.all { groups = groups.filter { $0.groupID == wanted.groupID } }
        }
        if o.json {
            out.line(JSON.groups(groups, names: names))
            return
        }
        out.line("OFPST_GROUP_DESC reply (OF1.4) (xid=0x\(String(xid, radix: 16))):")
        for g in groups { out.line(" " + GroupSyntax.format(g, names: names)) }
    }

    static func modify(
        _ s: Session, _ text: String?, command: GroupModCommand, _ o: Options
    ) async throws(OfctlError) {
        let mod = try FlowCommands.syntax { () throws(SyntaxError) in
            try GroupSyntax.parse(text ?? "", command: command)
        }
        try await s.apply([.groupMod(mod)], bundle: o.bundle)
    }

    static func modifyFile(
        _ s: Session, _ file: String, command: GroupModCommand, _ o: Options
    ) async throws(OfctlError) {
        let mods = try await FlowFile.parseAll(file) { (text: String) throws(SyntaxError) -> GroupMod in
            try GroupSyntax.parse(text, command: command)
        }
        try await s.apply(mods.map { .groupMod($0) }, bundle: o.bundle)
    }
}
