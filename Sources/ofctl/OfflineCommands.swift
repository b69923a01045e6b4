import Foundation
import NIOCore
import OpenFlow
import OpenFlowText

/// parse-flow(s) and ofp-print: no switch involved.
enum OfflineCommands {
    static func parseFlows(_ flows: [FlowMod], _ o: Options, _ out: inout Output) {
        if !o.hex { out.line("chosen protocol: OXM-OpenFlow14") }
        for (i, mod) in flows.enumerated() {
            let message = OFMessage(xid: UInt32(i + 1), .flowMod(mod))
            if o.hex {
                out.line(hex(message.bytes))
            } else {
                out.line(MessageFormatter.format(message))
            }
        }
    }

    static func hex(_ buffer: ByteBuffer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buffer.readableBytes * 2)
        for b in buffer.readableBytesView {
            bytes.append(digits[Int(b >> 4)])
            bytes.append(digits[Int(b & 15)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `ofp-print HEX` or `ofp-print FILE` (a file of raw message bytes, one or more messages).
    static func ofpPrint(_ args: [String], _ out: inout Output) throws(OfctlError) {
        guard let arg = args.first else { throw .usage("ofp-print needs HEX or FILE") }
        var buffer = ByteBuffer()
        if FileSystem.isFile(arg), let data = FileManager.default.contents(atPath: arg) {
            buffer.writeBytes(data)
        } else {
            let clean = args.joined().filter { !$0.isWhitespace }
            guard clean.count % 2 == 0 else { throw .usage("ofp-print: odd number of hex digits") }
            var i = clean.startIndex
            while i < clean.endIndex {
                let j = clean.index(i, offsetBy: 2)
                guard let b = UInt8(clean[i..<j], radix: 16) else {
                    throw .usage("ofp-print: '\(clean[i..<j])' is not hex (and \(arg) is not a file)")
                }
                buffer.writeInteger(b)
                i = j
            }
        }
        while buffer.readableBytes > 0 {
            do {
                let message = try OFMessage.read(from: &buffer)
                out.line(MessageFormatter.format(message))
            } catch {
                throw .failed("ofp-print: cannot decode: \(error)")
            }
        }
    }
}
