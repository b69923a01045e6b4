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

    /// `ofp-print HEX` (the bytes of one message, printed as ovs-ofctl prints them, what OVS
    /// says about malformed bytes included) or `ofp-print FILE` (raw messages, one after another).
    static func ofpPrint(_ args: [String], _ out: inout Output) throws(OfctlError) {
        guard let arg = args.first else { throw .usage("ofp-print needs HEX or FILE") }
        if FileSystem.isFile(arg), let data = FileManager.default.contents(atPath: arg) {
            var bytes = Array(data)
            while !bytes.isEmpty {
                let length = bytes.count >= 4 ? max(Int(bytes[2]) << 8 | Int(bytes[3]), 8) : bytes.count
                out.line(OfpPrint.format(Array(bytes.prefix(length))))
                bytes.removeFirst(min(length, bytes.count))
            }
            return
        }
        let clean = args.joined().filter { !$0.isWhitespace }
        guard clean.count % 2 == 0 else { throw .usage("ofp-print: odd number of hex digits") }
        var bytes: [UInt8] = []
        var i = clean.startIndex
        while i < clean.endIndex {
            let j = clean.index(i, offsetBy: 2)
            guard let b = UInt8(clean[i..<j], radix: 16) else {
                throw .usage("ofp-print: '\(clean[i..<j])' is not hex (and \(arg) is not a file)")
            }
            bytes.append(b)
            i = j
        }
        out.line(OfpPrint.format(bytes))
    }
}
