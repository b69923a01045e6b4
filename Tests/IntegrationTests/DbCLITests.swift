import Foundation
import OVSSandbox
import Synchronization
import TestSupport
import Testing

/// `switchboard db` as a user runs it: the built executable against a sandbox, ovs-vsctl as oracle.
@Suite("switchboard db CLI", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct DbCLITests {
    let switchboard = TestEnvironment.productsDirectory.appendingPathComponent("switchboard").path

    func db(_ sandbox: Sandbox, _ arguments: [String]) async throws -> Command.Output {
        try await Command(switchboard, ["db", arguments[0], "--db", sandbox.dbTarget] + arguments.dropFirst()).run()
    }

    @Test("db show is byte-identical to ovs-vsctl show")
    func show() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0")
            try await sandbox.addPort("p1", to: "br0")
            try await sandbox.vsctl(["set", "port", "p1", "tag=10", "--", "set-controller", "br0", "tcp:127.0.0.1:1"])
            try await sandbox.vsctl([
                "add-port", "br0", "vx0", "--", "set", "interface", "vx0", "type=vxlan", "options:remote_ip=192.0.2.1",
            ])
            try await sandbox.vsctl([
                "add-port", "br0", "t 1", "--", "set", "port", "t 1", "trunks=1,2,3", "--", "set", "interface", "t 1",
                "type=dummy",
            ])
            var ours = ""
            var theirs = ""
            for _ in 0..<50 {
                theirs = try await sandbox.vsctl(["show"])
                let output = try await db(sandbox, ["show"])
                #expect(output.status == 0, "\(output.stderr)")
                ours = output.stdout
                if ours == theirs { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(ours == theirs)
            #expect(ours.contains("Port \"t 1\""))
        }
    }

    @Test("list-br, list-ports, get, set, add, remove, clear, list, transact, dump")
    func commands() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0")
            try await sandbox.addPort("p1", to: "br0")
            try await sandbox.addPort("p2", to: "br0")
            #expect(try await db(sandbox, ["list-br"]).stdout == "br0\n")
            #expect(try await db(sandbox, ["list-ports", "br0"]).stdout == "p1\np2\n")

            #expect(
                try await db(sandbox, ["set", "port", "p1", "tag=10", "trunks=[20, 30]", "other_config:a=\"x y\""])
                    .status == 0)
            #expect(
                try await sandbox.vsctl(["get", "port", "p1", "tag", "trunks", "other_config"])
                    == "10\n[20, 30]\n{a=\"x y\"}\n")
            #expect(
                try await db(sandbox, ["get", "port", "p1", "tag", "trunks", "other_config:a"]).stdout
                    == "10\n[20, 30]\n\"x y\"\n")
            #expect(try await db(sandbox, ["add", "port", "p1", "trunks", "40", "50"]).status == 0)
            #expect(try await sandbox.vsctl(["get", "port", "p1", "trunks"]) == "[20, 30, 40, 50]\n")
            #expect(try await db(sandbox, ["remove", "port", "p1", "trunks", "20"]).status == 0)
            #expect(try await db(sandbox, ["remove", "port", "p1", "other_config", "a"]).status == 0)
            #expect(try await sandbox.vsctl(["get", "port", "p1", "trunks", "other_config"]) == "[30, 40, 50]\n{}\n")
            #expect(try await db(sandbox, ["clear", "port", "p1", "trunks", "tag"]).status == 0)
            #expect(try await sandbox.vsctl(["get", "port", "p1", "trunks", "tag"]) == "[]\n[]\n")

            let list = try await db(sandbox, ["list", "bridge", "br0"]).stdout
            let oracle = try await sandbox.vsctl(["list", "bridge", "br0"])
            #expect(
                list.split(separator: "\n").map { $0.prefix(22) } == oracle.split(separator: "\n").map { $0.prefix(22) }
            )
            #expect(list.contains("name                : br0"))

            let transact = try await db(
                sandbox,
                ["transact", #"["Open_vSwitch",{"op":"select","table":"Bridge","where":[],"columns":["name"]}]"#])
            #expect(transact.stdout == #"[{"rows":[{"name":"br0"}]}]"# + "\n")
            let dump = try await db(sandbox, ["dump"]).stdout
            #expect(dump.contains(#"{"Bridge":{"#))
        }
    }

    @Test("bad input gets a clear error and exit status 1, nothing written")
    func badInput() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0")
            let cases: [([String], String)] = [
                (
                    ["set", "bridge", "br0", "fail_mode=open"],
                    "Bridge.fail_mode: \"open\" is not one of \"secure\", \"standalone\""
                ),
                (["set", "bridge", "br0", "nope=1"], "table Bridge has no column nope"),
                (["set", "port", "br0", "tag=4096"], "Port.tag: 4096 is outside 0...4095"),
                (["set", "port", "br0", "tag=ten"], "ten is not an integer"),
                (["get", "bridge", "br9", "name"], "no row \"br9\" in table Bridge"),
                (["list", "Brdge"], "unknown table \"Brdge\""),
                (["transact", "[{\"op\":"], "malformed JSON"),
            ]
            for (arguments, message) in cases {
                let output = try await db(sandbox, arguments)
                #expect(output.status == 1, "\(arguments)")
                #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
                #expect(!output.stderr.contains("Fatal error"))
            }
            #expect(try await sandbox.vsctl(["get", "bridge", "br0", "fail_mode"]) == "[]\n")
            let unreachable = try await Command(switchboard, ["db", "list-br", "--db", "unix:/nonexistent/db.sock"])
                .run()
            #expect(unreachable.status == 1)
            #expect(unreachable.stderr.contains("cannot connect to unix:/nonexistent/db.sock"))
        }
    }

    @Test("db watch prints ovs-vsctl's changes live")
    func watch() async throws {
        try await withSandbox { sandbox in
            // Bounded by `timeout`: a watcher that misses every change must fail the test, not hang it.
            let timeout = try ExecutableSearch.require("timeout", package: "coreutils")
            let finished = FinishedFlag()
            let watcher = Task {
                defer { finished.set() }
                return try await Command(
                    timeout, ["60", switchboard, "db", "watch", "--db", sandbox.dbTarget, "--count", "3"]
                ).run()
            }
            // The watcher may not be monitoring yet on a loaded machine: keep changing the database
            // until it has seen enough (each add-br is one transaction of four row changes).
            var added = 0
            while !finished.isSet, added < 40 {
                try await sandbox.vsctl(["--no-wait", "add-br", "brw\(added)"])
                added += 1
                try await Task.sleep(for: .milliseconds(500))
            }
            let output = try await watcher.value
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.contains("insert Bridge brw"))
            #expect(output.stdout.contains("insert Port brw"))
            #expect(output.stdout.contains("modify Open_vSwitch"))
        }
    }
}

/// Set once by one task, read by another.
final class FinishedFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
