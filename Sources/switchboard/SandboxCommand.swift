import ArgumentParser
import Foundation
import OVSSandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a private ovsdb-server + ovs-vswitchd in a directory (no system OVS touched).",
        discussion: """
            The default `dummy` datapath needs no kernel module and no root; many sandboxes run side by
            side. `--datapath netdev` runs the userspace datapath inside a network namespace the sandbox
            creates (root), for real traffic between namespaces.

              switchboard sandbox start --dir /tmp/sb --bridge br0
              eval "$(switchboard sandbox env --dir /tmp/sb)"; ovs-vsctl show
              switchboard sandbox stop --dir /tmp/sb
            """,
        subcommands: [Start.self, Stop.self, Status.self, Env.self]
    )

    struct DirectoryOption: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Sandbox directory.", valueName: "DIR"))
        var dir: String = ProcessInfo.processInfo.environment["SWITCHBOARD_SANDBOX"] ?? "/tmp/switchboard-sandbox"
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the daemons and wait until both answer.")
        @OptionGroup var location: DirectoryOption
        @Option(help: "Datapath: dummy (default, no root) or netdev (userspace, real traffic, root).")
        var datapath: Datapath = .dummy
        @Option(
            help: ArgumentHelp(
                "Network namespace for --datapath netdev (created and removed by the sandbox).", valueName: "NAME"))
        var netns: String?
        @Option(help: ArgumentHelp("Also serve OVSDB on ptcp:PORT:127.0.0.1.", valueName: "PORT"))
        var ovsdbTCPPort: Int?
        @Option(help: ArgumentHelp("Create a bridge (OpenFlow 1.4, sandbox datapath); repeatable.", valueName: "NAME"))
        var bridge: [String] = []

        func validate() throws {
            if netns != nil, datapath != .netdev {
                throw ValidationError("--netns only applies to --datapath netdev")
            }
        }

        func run() async throws {
            do {
                let options = Sandbox.Options(datapath: datapath, namespace: netns, ovsdbTCPPort: ovsdbTCPPort)
                let sandbox = try await Sandbox.start(directory: location.dir, options: options)
                for name in bridge { try await sandbox.addBridge(name) }
                print("sandbox running in \(sandbox.directory)")
                printEndpoints(sandbox, bridges: bridge)
                print("\n# point ovs-vsctl / ovs-ofctl / ovs-appctl at it:")
                printExports(sandbox)
            } catch {
                throw fail("\(error)")
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop exactly the processes this sandbox started.")
        @OptionGroup var location: DirectoryOption

        func run() async throws {
            let sandbox: Sandbox
            do { sandbox = try Sandbox.attach(directory: location.dir) } catch { throw fail("\(error)") }
            let report = await sandbox.stop()
            if let namespace = sandbox.state.namespace { print("removed network namespace \(namespace)") }
            if !report.stopped.isEmpty { print("stopped \(report.stopped.joined(separator: ", "))") }
            if !report.alreadyDead.isEmpty {
                throw fail(
                    "\(report.alreadyDead.joined(separator: " and ")) in \(sandbox.directory) had already died "
                        + "(cleaned up; logs kept in \(sandbox.directory))")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show whether the daemons run; exit 0 only when both do. A dead sandbox is cleaned up.")
        @OptionGroup var location: DirectoryOption

        func run() async throws {
            let sandbox: Sandbox
            do { sandbox = try Sandbox.attach(directory: location.dir) } catch { throw fail("\(error)") }
            let status = sandbox.status()
            print("sandbox \(status.directory) (datapath \(status.datapath.rawValue))")
            print("  ovsdb-server  " + (status.ovsdbServerPID.map { "running, pid \($0)" } ?? "NOT RUNNING"))
            print("  ovs-vswitchd  " + (status.vswitchdPID.map { "running, pid \($0)" } ?? "NOT RUNNING"))
            if status.healthy {
                let bridges = (try? await sandbox.vsctl(["list-br"]))?.split(separator: "\n").map(String.init) ?? []
                printEndpoints(sandbox, bridges: bridges)
                return
            }
            if status.dead {
                await sandbox.stop()
                throw fail("the sandbox's daemons have died; cleaned it up (logs kept in \(status.directory))")
            }
            throw fail("the sandbox is degraded; see the logs in \(status.directory), then `switchboard sandbox stop`")
        }
    }

    struct Env: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print `export` lines for the sandbox (use with eval).")
        @OptionGroup var location: DirectoryOption

        func run() async throws {
            let sandbox: Sandbox
            do { sandbox = try Sandbox.attach(directory: location.dir) } catch { throw fail("\(error)") }
            printExports(sandbox)
        }
    }
}

extension Datapath: ExpressibleByArgument {}

func printEndpoints(_ sandbox: Sandbox, bridges: [String]) {
    print("  ovsdb:    \(sandbox.dbTarget)")
    if let port = sandbox.state.ovsdbTCPPort {
        let scope = sandbox.state.namespace.map { " (inside network namespace \($0))" } ?? ""
        print("  ovsdb:    tcp:127.0.0.1:\(port)\(scope)")
    }
    if let namespace = sandbox.state.namespace { print("  netns:    \(namespace)") }
    for bridge in bridges { print("  openflow: unix:\(sandbox.managementSocket(bridge: bridge))  (bridge \(bridge))") }
    print("  logs:     \(sandbox.directory)/ovsdb-server.log, \(sandbox.directory)/ovs-vswitchd.log")
}

func printExports(_ sandbox: Sandbox) {
    for (key, value) in sandbox.environment.sorted(by: { $0.key < $1.key }) {
        print("export \(key)=\(shellQuoted(value))")
    }
}

/// Single-quotes a value for a POSIX shell; only used for printing, never for running commands.
func shellQuoted(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
