import ArgumentParser
import OVSSandbox

@main
struct Ofctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ofctl",
        abstract: "Inspect and change OpenFlow 1.4 switches with the ovs-ofctl syntax you know.",
        discussion: """
            Targets: a bridge name (its $OVS_RUNDIR/BRIDGE.mgmt socket), unix:PATH, tcp:HOST[:PORT],
            ssl:HOST[:PORT]. Only OpenFlow 1.4 is spoken.
            """,
        version: SwitchboardVersion.string,
        subcommands: []
    )
}
