import NIOCore

/// One fake switch on one connection: answers the handshake and keepalive like a switch, then,
/// once started, keeps `window` PACKET_INs outstanding and counts what comes back. The
/// controller answers a switch's packet-ins in order, so the oldest send time belongs to the
/// next PACKET_OUT.
final class FakeSwitch: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let datapathID: UInt64
    let version: UInt8
    let window: Int
    let stats: LoadStats
    private var context: ChannelHandlerContext?
    private var isReady = false
    private var isFlooding = false
    private var sent = 0
    private var sendTimes = CircularBuffer<UInt64>(initialCapacity: 64)
    private var outstanding: Int { sendTimes.count }

    /// 64 hosts per switch, each behind a fixed port, so a learning switch soon knows every
    /// destination and answers with FLOW_MOD + PACKET_OUT rather than floods only.
    static let hosts = 64

    init(datapathID: UInt64, version: UInt8, window: Int, stats: LoadStats) {
        self.datapathID = datapathID
        self.version = version
        self.window = window
        self.stats = stats
    }

    func channelActive(context: ChannelHandlerContext) {
        self.context = context
        stats.switches.append(self)
        var buffer = context.channel.allocator.buffer(capacity: 8)
        FakeSwitchMessages.header(version, FakeSwitchMessages.hello, length: 8, xid: 1, into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Bytes of a message that has not fully arrived yet.
    private var partial: ByteBuffer?

    /// Cuts the read into messages in place (no decoder handler, no slice or pipeline pass per
    /// message: at hundreds of thousands of answers a second the generator must stay cheaper than
    /// the controller it measures), and counts a read's answers once.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if var earlier = partial {
            earlier.writeBuffer(&bytes)
            bytes = earlier
            partial = nil
        }
        var packetOuts = 0
        var flowMods = 0
        let measuring = stats.measuring
        let now = measuring ? Self.now() : 0
        while bytes.readableBytes >= 8 {
            let index = bytes.readerIndex
            let length = Int(bytes.getInteger(at: index + 2, as: UInt16.self) ?? 0)
            guard length >= 8 else {
                context.close(promise: nil)
                return
            }
            guard bytes.readableBytes >= length else { break }
            let type = bytes.getInteger(at: index + 1, as: UInt8.self) ?? 0xff
            switch type {
            case FakeSwitchMessages.packetOut:
                if let sentAt = sendTimes.popFirst(), measuring {
                    packetOuts += 1
                    stats.latencies.append(now &- sentAt)
                }
            case FakeSwitchMessages.flowMod:
                if !isReady {
                    isReady = true
                    stats.ready += 1
                } else if measuring {
                    flowMods += 1
                }
            default:
                answer(bytes.getSlice(at: index, length: length) ?? ByteBuffer(), context: context)
            }
            bytes.moveReaderIndex(forwardBy: length)
        }
        if bytes.readableBytes > 0 { partial = bytes }
        if measuring {
            stats.packetOuts += packetOuts
            stats.flowMods += flowMods
        }
    }

    /// The handshake and keepalive: what a switch answers.
    private func answer(_ message: ByteBuffer, context: ChannelHandlerContext) {
        let index = message.readerIndex
        let type = message.getInteger(at: index + 1, as: UInt8.self) ?? 0xff
        let xid = message.getInteger(at: index + 4, as: UInt32.self) ?? 0
        typealias M = FakeSwitchMessages
        var reply = context.channel.allocator.buffer(capacity: 32)
        switch type {
        case M.echoRequest: M.mirror(message, as: M.echoReply, into: &reply)
        case M.featuresRequest: M.featuresReply(version: version, xid: xid, datapathID: datapathID, into: &reply)
        case M.getConfigRequest: M.getConfigReply(version: version, xid: xid, into: &reply)
        case M.barrierRequest: M.mirror(message, as: M.barrierReply, into: &reply)
        case M.roleRequest: M.mirror(message, as: M.roleReply, into: &reply)
        case M.multipartRequest:
            let multipartType = message.getInteger(at: index + 8, as: UInt16.self) ?? 0
            M.multipartReply(version: version, xid: xid, multipartType: multipartType, into: &reply)
        default: break
        }
        if reply.readableBytes > 0 { context.write(wrapOutboundOut(reply), promise: nil) }
    }

    /// After a batch of reads: top the window up and flush once.
    func channelReadComplete(context: ChannelHandlerContext) {
        if isFlooding { fill() }
        context.flush()
    }

    func startFlooding() {
        isFlooding = true
        fill()
        context?.flush()
    }

    private func fill() {
        guard let context, window > outstanding else { return }
        let count = window - outstanding
        var buffer = context.channel.allocator.buffer(capacity: count * FakeSwitchMessages.packetInLength)
        let now = Self.now()
        for _ in 0..<count {
            let source = sent % Self.hosts
            let destination = (sent * 5 + 1) % Self.hosts
            FakeSwitchMessages.packetIn(
                version: version, xid: UInt32(truncatingIfNeeded: sent), inPort: UInt32(source % 16 + 1),
                source: Self.mac(source), destination: Self.mac(destination), into: &buffer)
            sendTimes.append(now)
            sent += 1
        }
        if stats.measuring { stats.packetIns += count }
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Locally administered unicast addresses 02:00:00:00:00:hh.
    static func mac(_ host: Int) -> UInt64 { 0x0200_0000_0000 | UInt64(host) }

    static func now() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
