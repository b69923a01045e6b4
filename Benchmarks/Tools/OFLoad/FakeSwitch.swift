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

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        let index = message.readerIndex
        let type = message.getInteger(at: index + 1, as: UInt8.self) ?? 0xff
        let xid = message.getInteger(at: index + 4, as: UInt32.self) ?? 0
        typealias M = FakeSwitchMessages
        var reply = context.channel.allocator.buffer(capacity: 32)
        switch type {
        case M.packetOut:
            if let sentAt = sendTimes.popFirst(), stats.measuring {
                stats.packetOuts += 1
                stats.latencies.append(Self.now() &- sentAt)
            }
        case M.flowMod:
            if !isReady {
                isReady = true
                stats.ready += 1
            } else if stats.measuring {
                stats.flowMods += 1
            }
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
