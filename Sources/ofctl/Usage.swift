import TextSuggestions

/// `ofctl --help` and the command list.
enum Usage {
    static let switchCommands: Set<String> = [
        "show", "dump-desc", "dump-tables", "dump-ports", "dump-ports-desc", "dump-flows", "dump-aggregate",
        "add-flow", "add-flows", "mod-flows", "del-flows", "replace-flows", "dump-groups", "add-group", "add-groups",
        "mod-group", "mod-groups", "del-groups", "probe", "ping", "mod-port", "dump-group-stats",
        "dump-group-features", "packet-out", "monitor", "dump-table-features",
    ]
    static let offlineCommands: Set<String> = ["parse-flow", "parse-flows", "ofp-print", "diff-flows"]

    static func nearest(_ command: String) -> String? {
        DidYouMean.suggestion(for: command, among: switchCommands.union(offlineCommands).sorted())
    }

    static let text = """
        ofctl: inspect and change OpenFlow 1.4 switches with the ovs-ofctl syntax you know.
        usage: ofctl [OPTIONS] COMMAND [ARG...]

        Switch commands (SWITCH: a bridge name, unix:PATH, tcp:HOST[:PORT], ssl:HOST[:PORT]):
          show SWITCH                      features, ports and configuration
          dump-desc SWITCH                 switch description
          dump-tables SWITCH               table statistics
          dump-table-features SWITCH       what each table can match, set and do
          dump-ports SWITCH [PORT]         port statistics
          dump-ports-desc SWITCH [PORT]    port descriptions
          mod-port SWITCH PORT ACTION      ACTION: up, down, receive, no-receive, forward, no-forward,
                                           packet-in, no-packet-in (stp, flood: OpenFlow 1.0 only, no effect)
          dump-flows SWITCH [FLOW]         flows (matching FLOW)
          dump-aggregate SWITCH [FLOW]     aggregate flow statistics
          add-flow SWITCH FLOW             add a flow
          add-flows SWITCH FILE            add the flows of FILE (- = stdin)
          mod-flows SWITCH FLOW            modify actions of matching flows
          del-flows SWITCH [FLOW]          delete matching flows
          replace-flows SWITCH FILE        make the switch's flows those of FILE, sending only the difference
          diff-flows SOURCE1 SOURCE2       compare flows of two switches or files
          dump-groups SWITCH [GROUP]       groups
          add-group SWITCH GROUP           add a group (add-groups SWITCH FILE for many)
          mod-group SWITCH GROUP           modify a group (mod-groups SWITCH FILE for many)
          del-groups SWITCH [GROUP]        delete groups (all when none given)
          dump-group-stats SWITCH [GROUP]  group counters
          dump-group-features SWITCH       group types, limits and actions the switch supports
          packet-out SWITCH in_port=P,packet=HEX,actions=A
                                           send a packet (also: packet-out SWITCH IN_PORT ACTIONS HEX...)
          monitor SWITCH [MISS-LEN] [watch:[SPEC]]
                                           print packet-ins, flow removals, port and role status as they
                                           arrive, until interrupted or --timeout (MISS-LEN: e.g. 65535);
                                           watch: also flow table changes (SPEC: !initial,!add,!delete,
                                           !modify,!actions,!own,table=N,out_port=P,out_group=G,MATCH)
          probe SWITCH                     check that the switch answers
          ping SWITCH [N]                  echo round trips with N-byte messages

        Offline commands:
          parse-flow FLOW                  print the FLOW_MOD a flow becomes (--hex: its bytes)
          parse-flows FILE                 the same for each flow of FILE
          ofp-print HEX|FILE               decode and print OpenFlow 1.4 messages

        Options:
          -O OpenFlow14                    the only version spoken (others are refused)
          -t, --timeout SECS               give up after SECS seconds
          --strict                         mod-flows/del-flows match priority and match exactly
          --bundle                         apply all changes atomically in one bundle
          --no-stats, --sort[=FIELD], --rsort[=FIELD], --names, --no-names
          --format json                    machine-readable dumps
          --hex                            parse-flow(s): print message bytes as hex
          -p/--private-key, -c/--certificate, -C/--ca-cert   PEM files for ssl: targets
          -h, --help; -V, --version

        Exit status: 0 ok, 1 switch or connection error (diff-flows: differences found), 2 usage or syntax error.
        """
}
