import ArgumentParser
import OVSSandbox

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract:
            "An SDN control plane for Open vSwitch: OpenFlow 1.4 controller, OVSDB client, declarative topologies.",
        discussion: """
            Switchboard drives Open vSwitch over its two real protocols. Use `sandbox` for a private
            OVS to try things on, and `demo` for a guided tour. Flows: see the `ofctl` command.
            """,
        version: SwitchboardVersion.string,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ExportCommand.self, GraphCommand.self,
            ServeCommand.self, SandboxCommand.self,
            DemoCommand.self, DbCommand.self,
        ]
    )
}

/// Prints an error the way every Switchboard command does and exits 1 (no stack trace).
func fail(_ message: String) -> ExitCode {
    FileHandleOutput.standardError("switchboard: error: \(message)")
    return ExitCode(1)
}
