import Controller
import Foundation
import OVSSandbox
import OpenFlow
import TestSupport
import Testing

/// Two controllers on one bridge: master election by generation id, as OpenFlow 1.4 defines it.
@Suite(
    "Controller roles with real ovs-vswitchd",
    .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct RoleIntegrationTests {
    @Test("the higher generation id becomes master; the old master gets ROLE_STATUS and its flow mods are refused")
    func masterElection() async throws {
        let first = Controller()
        let second = Controller()
        defer {
            Task {
                await first.shutdown()
                await second.shutdown()
            }
        }
        let firstPort = try #require(try await first.listen(on: .tcp(host: "127.0.0.1", port: 0))?.port)
        let secondPort = try #require(try await second.listen(on: .tcp(host: "127.0.0.1", port: 0))?.port)
        try await withSandbox { sandbox in
            try await sandbox.addBridge(
                "br0",
                extra: [
                    "set", "bridge", "br0", "protocols=OpenFlow14", "--", "set-controller", "br0",
                    "tcp:127.0.0.1:\(firstPort)", "tcp:127.0.0.1:\(secondPort)",
                ])
            let a = try #require(try await first.waitForSwitches(count: 1).first)
            let b = try #require(try await second.waitForSwitches(count: 1).first)
            let statuses = Task { () -> RoleStatus? in
                for await event in second.events {
                    if case .message(_, let message) = event, case .roleStatus(let status) = message.body {
                        return status
                    }
                }
                return nil
            }

            #expect(try await b.setRole(.master, generationID: 1).role == .master)
            #expect(try await a.setRole(.master, generationID: 2).role == .master)
            // Bounded: iterating the event stream ends when its task is cancelled.
            let watchdog = Task {
                try await Task.sleep(for: .seconds(10))
                statuses.cancel()
            }
            let status = try #require(await statuses.value, "no ROLE_STATUS within 10 s")
            watchdog.cancel()
            #expect(status.role == .slave && status.generationID == 2)

            let drop = FlowMod(priority: 9, match: Match([OXMField(.ethType, 0x0806)]), instructions: [])
            do {
                try await b.sendConfirmed([.flowMod(drop)])
                Issue.record("a slave's flow mod was accepted")
            } catch ControllerError.rejected(let refused) {
                #expect(refused.first?.error == .standard(.badRequest(.isSlave), data: refused[0].error.data))
            }
            try await a.sendConfirmed([.flowMod(drop)])
            // A stale generation id cannot take mastership back.
            await #expect(throws: ControllerError.self) { try await b.setRole(.master, generationID: 1) }
        }
    }
}
