import NIOCore
import OVSSandbox
import TestSupport
import Testing

@testable import Controller

/// A connection to a local switch's socket gets a send buffer larger than the kernel's default
/// (net.core.wmem_default, 208 KiB), so a bundle keeps ovs-vswitchd fed (`unixSendBuffer`).
@Suite("Controller send buffer", .enabled(if: TestEnvironment.hasOVS, "needs Open vSwitch: run `make setup`"))
struct ControllerSendBufferTests {
    @Test("a unix-socket connection asks for a 4 MiB send buffer")
    func unixSendBuffer() async throws {
        try await withSandbox { sandbox in
            try await sandbox.addBridge("br0")
            let controller = Controller()
            let handle = try await controller.open(.unix(path: sandbox.managementSocket(bridge: "br0")))
            let size = try await handle.channel.getOption(.socketOption(.so_sndbuf)).get()
            handle.close()
            await controller.shutdown()
            // The kernel doubles what is asked and caps it at net.core.wmem_max (208 KiB unless
            // raised), so anything above the default shows the option was set.
            #expect(size > 212_992, "SO_SNDBUF \(size)")
        }
    }
}
