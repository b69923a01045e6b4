import NIOCore

/// The flow a reactive controller installs most, written without building a `FlowMod`.
///
/// Why: a learning switch answers most packet-ins with this FLOW_MOD, and building it as a value
/// (a `Match` from an array of fields, which encodes them into a buffer of its own, plus an
/// instruction array holding an action array) was a quarter of `switchboard serve --app
/// l2-learning`'s time under load once decoding and the hand-off were gone (Docs/performance.md):
/// four allocations and their releases for 96 bytes. This stores the bytes directly.
public struct ForwardingFlow: Hashable, Sendable {
    public var tableID: UInt8
    public var priority: UInt16
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var cookie: UInt64
    /// Match on in_port, if given.
    public var inPort: PortNumber?
    /// Match on eth_dst (the low 48 bits), if given.
    public var ethDestination: UInt64?
    /// The only action: output to this port (whole packets, max_len 0xffff).
    public var output: PortNumber

    public init(
        tableID: UInt8 = 0, priority: UInt16, idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0, cookie: UInt64 = 0,
        inPort: PortNumber?, ethDestination: UInt64?, output: PortNumber
    ) {
        self.tableID = tableID
        self.priority = priority
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.cookie = cookie
        self.inPort = inPort
        self.ethDestination = ethDestination
        self.output = output
    }

    /// The same flow as a value: an OFPFC_ADD with an apply-actions instruction. `write` produces
    /// exactly `OFMessage(xid:, .flowMod(flowMod)).write(into:)`'s bytes (ForwardingFlowTests).
    public var flowMod: FlowMod {
        var fields: [OXMField] = []
        if let inPort { fields.append(OXMField(.inPort, UInt128(inPort.rawValue))) }
        if let ethDestination { fields.append(OXMField(.ethDst, UInt128(ethDestination & 0xFFFF_FFFF_FFFF))) }
        return FlowMod(
            tableID: tableID, priority: priority, match: Match(fields),
            instructions: [.applyActions([.output(port: output)])], cookie: cookie, idleTimeout: idleTimeout,
            hardTimeout: hardTimeout)
    }

    private static let ethDstWord = OXMHeader(id: .ethDst, hasMask: false, length: 6).word

    public func write(version: UInt8 = OpenFlowVersion.wire, xid: UInt32, into buffer: inout ByteBuffer) {
        let tlvs = (inPort == nil ? 0 : 8) + (ethDestination == nil ? 0 : 10)
        let matchLength = roundUpTo8(4 + tlvs)
        let length = OFHeader.size + 40 + matchLength + 8 + 16
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var w = RawWriter(base: raw)
            FlowMod.writeFixedPart(
                into: &w, version: version, xid: xid, length: length, cookie: cookie, tableID: tableID, command: .add,
                idleTimeout: idleTimeout, hardTimeout: hardTimeout, priority: priority)
            w.put(UInt16(1), UInt16(4 + tlvs))
            if let inPort {
                w.put(OXMHeader.inPortWord)
                w.put(inPort.rawValue)
            }
            if let ethDestination {
                w.put(Self.ethDstWord)
                w.put(UInt16(truncatingIfNeeded: ethDestination >> 32))
                w.put(UInt32(truncatingIfNeeded: ethDestination))
            }
            w.zeros(matchLength - 4 - tlvs)
            w.put(UInt16(4), UInt16(24))  // OFPIT_APPLY_ACTIONS, length
            w.zeros(4)
            Action.output(port: output).writeFast(into: &w)
            return w.offset
        }
    }
}
