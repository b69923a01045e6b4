import Controller
import Foundation
import OVSSandbox
import OpenFlow
import Synchronization
import TestSupport
import Testing

/// ovs-vswitchd killed with SIGKILL and started again: the controller notices the loss, and the
/// switch comes back under the same datapath id, whether it dials us or we dial it.
@Suite(
    "Controller reconnects after ovs-vswitchd restarts",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct ControllerReconnectIntegrationTests {
    @Test("passive: the switch dials back after a restart and is re-registered under its datapath id")
    func passive() async throws {
        let controller = Controller()
        let port = try #require(try await controller.listen(on: .tcp(host: "127.0.0.1", port: 0))?.port)
        let log = ConnectionLog(controller)
        try await withSandbox { sandbox in
            try await sandbox.addBridge(
                "br0",
                extra: [
                    "set-controller", "br0", "tcp:127.0.0.1:\(port)", "--", "set", "bridge", "br0", "fail_mode=secure",
                ])
            try await Self.killAndRestart(sandbox, controller, log)
        }
        await controller.shutdown()
    }

    @Test(
        "active: the controller redials the switch's listening socket with backoff after a restart",
        arguments: ["mgmt", "ptcp"])
    func active(socket: String) async throws {
        let controller = Controller()
        let log = ConnectionLog(controller)
        try await withSandbox { sandbox in
            var extra = ["set", "bridge", "br0", "fail_mode=secure"]
            let target: ControllerTarget
            if socket == "ptcp" {
                let port = try await freeTCPPort()
                extra += ["--", "set-controller", "br0", "ptcp:\(port):127.0.0.1"]
                target = .tcp(host: "127.0.0.1", port: port)
            } else {
                target = .unix(path: sandbox.managementSocket(bridge: "br0"))
            }
            try await sandbox.addBridge("br0", extra: extra)
            try controller.connect(to: target)
            try await Self.killAndRestart(sandbox, controller, log)
        }
        await controller.shutdown()
    }

    /// The common proof: registered, killed (disconnected event, registry empty), restarted
    /// (connected event for the same datapath id, which answers requests and takes flows).
    static func killAndRestart(_ sandbox: Sandbox, _ controller: Controller, _ log: ConnectionLog) async throws {
        let first = try #require(try await controller.waitForSwitches(count: 1, timeout: .seconds(20)).first)
        let datapathID = try await ControllerTLSIntegrationTests.datapathID(sandbox, "br0")
        #expect(first.datapathID == datapathID)

        await sandbox.killVSwitchd()
        try await log.wait(for: .disconnected(datapathID), timeout: .seconds(10))
        #expect(controller.switches.isEmpty)

        try await sandbox.startVSwitchd()
        try await log.wait(for: .connected(datapathID, count: 2), timeout: .seconds(20))
        let second = try #require(controller.switchHandle(datapathID))
        #expect(second !== first)
        #expect(try await ControllerTLSIntegrationTests.datapathID(sandbox, "br0") == datapathID)
        // The restarted daemon lost its flow table; the new connection takes flows again.
        try await second.sendConfirmed([ControllerTLSIntegrationTests.flow(1)])
        #expect(try await second.flows().map(\.cookie) == [0x7151])
        let ports = try await second.ports()
        #expect(ports.contains { $0.name == "br0" })
    }
}

/// Records connect and disconnect events by datapath id, from the controller's event stream.
final class ConnectionLog: Sendable {
    enum Entry: Equatable, Sendable {
        case connected(UInt64)
        case disconnected(UInt64)
    }

    enum Expectation {
        case disconnected(UInt64)
        /// The `count`-th connection of that datapath.
        case connected(UInt64, count: Int)
    }

    private let entries = Mutex<[Entry]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ controller: Controller) {
        let events = controller.events
        let consumer = Task { [weak self] in
            for await event in events { self?.record(event) }
        }
        task.withLock { $0 = consumer }
    }

    private func record(_ event: SwitchEvent) {
        switch event {
        case .connected(let handle): entries.withLock { $0.append(.connected(handle.datapathID)) }
        case .disconnected(let datapathID, _): entries.withLock { $0.append(.disconnected(datapathID)) }
        default: break
        }
    }

    deinit { task.withLock { $0?.cancel() } }

    var all: [Entry] { entries.withLock { $0 } }

    func wait(for expectation: Expectation, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let seen = all
            switch expectation {
            case .disconnected(let datapathID): if seen.contains(.disconnected(datapathID)) { return }
            case .connected(let datapathID, let count):
                if seen.filter({ $0 == .connected(datapathID) }).count >= count { return }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WaitTimeout(description: "no \(expectation) within \(timeout); events so far: \(all)")
    }

    struct WaitTimeout: Error, CustomStringConvertible {
        var description: String
    }
}
