import Foundation
import NIOCore
import OpenFlow

/// The yardstick: a plain blocking socket that writes pre-encoded bytes as fast as the switch
/// takes them and reads until the one reply that ends the batch. No framework, no per-message
/// work while timed: what the switch itself can absorb.
final class RawClient {
    let fd: Int32

    init(unixPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(unixPath.utf8.prefix(raw.count - 1)) + [0])
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw BenchError("connect \(unixPath): errno \(errno)") }
        var hello = ByteBuffer()
        OFMessage(xid: 1, .hello(Hello(versions: [OpenFlowVersion.wire]))).write(into: &hello)
        try write(hello)
        _ = try readMessage()  // the switch's HELLO
    }

    deinit { close(fd) }

    func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = send(fd, base + offset, bytes.count - offset, 0)
                guard n > 0 else { throw BenchError("send: errno \(errno)") }
                offset += n
            }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = result[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw BenchError("connection closed") }
            offset += n
        }
        return result
    }

    /// One whole message, header included.
    func readMessage() throws -> [UInt8] {
        let header = try readExactly(8)
        let length = Int(header[2]) << 8 | Int(header[3])
        return header + (length > 8 ? try readExactly(length - 8) : [])
    }

    /// Reads until `done` accepts a message; OFPT_ERRORs on the way are counted.
    func read(until done: ([UInt8]) -> Bool) throws -> Int {
        var errors = 0
        while true {
            let message = try readMessage()
            if message[1] == 1 { errors += 1 }
            if done(message) { return errors }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
