import NIOCore

@testable import OpenFlow

extension Gen {
    /// Every OFMessage.Body case, by index, so tests can ask for each one in turn.
    static let bodyKinds = 39

    mutating func flowMod() -> FlowMod {
        FlowMod(
            command: FlowModCommand(rawValue: u8()), tableID: u8(), priority: u16(), match: match(),
            instructions: instructions(),
            cookie: u64(), cookieMask: u64(), idleTimeout: u16(), hardTimeout: u16(), bufferID: u32(),
            outPort: PortNumber(u32()), outGroup: u32(), flags: FlowModFlags(rawValue: u16()), importance: u16())
    }

    mutating func multipartRequest() -> MultipartRequest {
        let body: MultipartRequest.Body
        switch int(0...17) {
        case 0: body = .desc
        case 1: body = .flow(flowStatsRequest())
        case 2: body = .aggregate(flowStatsRequest())
        case 3: body = .table
        case 4: body = .portStats(port: PortNumber(u32()))
        case 5: body = .queueStats(port: PortNumber(u32()), queueID: u32())
        case 6: body = .group(groupID: u32())
        case 7: body = .groupDesc
        case 8: body = .groupFeatures
        case 9: body = .meter(meterID: u32())
        case 10: body = .meterConfig(meterID: u32())
        case 11: body = .meterFeatures
        case 12: body = .tableFeatures(list(0...2) { $0.tableFeatures() })
        case 13: body = .portDesc
        case 14: body = .tableDesc
        case 15: body = .queueDesc(port: PortNumber(u32()), queueID: u32())
        case 16:
            body = .flowMonitor(
                FlowMonitorRequest(
                    monitorID: u32(), outPort: PortNumber(u32()), outGroup: u32(),
                    flags: .init(rawValue: u16()), tableID: u8(),
                    command: .init(rawValue: u8()), match: match()))
        default:
            body = .experimenter(ExperimenterMessage(experimenter: u32(), expType: u32(), data: buffer(int(0...12))))
        }
        return MultipartRequest(flags: MultipartFlags(rawValue: u16()), body)
    }

    mutating func flowStatsRequest() -> FlowStatsRequest {
        FlowStatsRequest(
            tableID: u8(), outPort: PortNumber(u32()), outGroup: u32(), cookie: u64(), cookieMask: u64(), match: match()
        )
    }

    mutating func multipartReply() -> MultipartReply {
        let body: MultipartReply.Body
        switch int(0...17) {
        case 0:
            body = .desc(
                SwitchDescription(
                    manufacturer: name(40), hardware: name(40), software: name(40),
                    serialNumber: name(31), datapath: name(40)))
        case 1:
            body = .flow(
                list(0...4) { g in
                    FlowStats(
                        tableID: g.u8(), durationSec: g.u32(), durationNSec: g.u32(), priority: g.u16(),
                        idleTimeout: g.u16(),
                        hardTimeout: g.u16(), flags: .init(rawValue: g.u16()), importance: g.u16(), cookie: g.u64(),
                        packetCount: g.u64(), byteCount: g.u64(), match: g.match(), instructions: g.instructions())
                })
        case 2: body = .aggregate(AggregateStats(packetCount: u64(), byteCount: u64(), flowCount: u32()))
        case 3:
            body = .table(
                list(0...5) { g in
                    TableStats(tableID: g.u8(), activeCount: g.u32(), lookupCount: g.u64(), matchedCount: g.u64())
                })
        case 4:
            body = .portStats(
                list(0...3) { g in
                    PortStats(
                        portNumber: PortNumber(g.u32()), durationSec: g.u32(), durationNSec: g.u32(),
                        rxPackets: g.u64(), txPackets: g.u64(),
                        rxBytes: g.u64(), txBytes: g.u64(), rxDropped: g.u64(), txDropped: g.u64(), rxErrors: g.u64(),
                        txErrors: g.u64(),
                        properties: g.list(0...3) { g in
                            switch g.int(0...3) {
                            case 0:
                                .ethernet(
                                    .init(
                                        rxFrameErrors: g.u64(), rxOverErrors: g.u64(), rxCRCErrors: g.u64(),
                                        collisions: g.u64()))
                            case 1:
                                .optical(
                                    .init(
                                        flags: g.u32(), txFreqLambda: g.u32(), txOffset: g.u32(), txGridSpan: g.u32(),
                                        rxFreqLambda: g.u32(), rxOffset: g.u32(), rxGridSpan: g.u32(), txPower: g.u16(),
                                        rxPower: g.u16(), biasCurrent: g.u16(), temperature: g.u16()))
                            case 2: .experimenter(g.experimenterProperty())
                            default: .unknown(g.raw(avoiding: [0, 1, 0xFFFF]))
                            }
                        })
                })
        case 5:
            body = .queueStats(
                list(0...3) { g in
                    QueueStats(
                        portNumber: PortNumber(g.u32()), queueID: g.u32(), txBytes: g.u64(), txPackets: g.u64(),
                        txErrors: g.u64(),
                        durationSec: g.u32(), durationNSec: g.u32(), properties: g.queueProperties())
                })
        case 6:
            body = .group(
                list(0...3) { g in
                    GroupStats(
                        groupID: g.u32(), refCount: g.u32(), packetCount: g.u64(), byteCount: g.u64(),
                        durationSec: g.u32(),
                        durationNSec: g.u32(),
                        buckets: g.list(0...3) { g in .init(packetCount: g.u64(), byteCount: g.u64()) })
                })
        case 7:
            body = .groupDesc(
                list(0...3) { g in
                    GroupDescription(type: .init(rawValue: g.u8()), groupID: g.u32(), buckets: g.buckets())
                })
        case 8:
            body = .groupFeatures(
                GroupFeatures(
                    types: u32(), capabilities: .init(rawValue: u32()),
                    maxGroups: (0..<4).map { _ in u32() }, actions: (0..<4).map { _ in u32() }))
        case 9:
            body = .meter(
                list(0...3) { g in
                    MeterStats(
                        meterID: g.u32(), flowCount: g.u32(), packetInCount: g.u64(), byteInCount: g.u64(),
                        durationSec: g.u32(),
                        durationNSec: g.u32(),
                        bands: g.list(0...3) { g in .init(packetCount: g.u64(), byteCount: g.u64()) })
                })
        case 10:
            body = .meterConfig(
                list(0...3) { g in MeterConfig(flags: .init(rawValue: g.u16()), meterID: g.u32(), bands: g.bands()) })
        case 11:
            body = .meterFeatures(
                MeterFeatures(maxMeter: u32(), bandTypes: u32(), capabilities: u32(), maxBands: u8(), maxColor: u8()))
        case 12: body = .tableFeatures(list(0...3) { $0.tableFeatures() })
        case 13: body = .portDesc(list(0...3) { $0.portDescription() })
        case 14:
            body = .tableDesc(
                list(0...3) { g in
                    TableDescription(
                        tableID: g.u8(), config: .init(rawValue: g.u32()), properties: g.tableModProperties())
                })
        case 15:
            body = .queueDesc(
                list(0...3) { g in
                    QueueDescription(portNumber: PortNumber(g.u32()), queueID: g.u32(), properties: g.queueProperties())
                })
        case 16:
            body = .flowMonitor(
                list(0...4) { g in
                    switch g.int(0...4) {
                    case 0:
                        .full(
                            .init(
                                event: .init(rawValue: UInt16(g.int(0...3))), tableID: g.u8(), reason: g.u8(),
                                idleTimeout: g.u16(),
                                hardTimeout: g.u16(), priority: g.u16(), cookie: g.u64(), match: g.match(),
                                instructions: g.instructions()))
                    case 1: .abbreviated(xid: g.u32())
                    case 2: .paused
                    case 3: .resumed
                    default:
                        .unknown(event: .init(rawValue: UInt16(g.int(7...0xFFFF))), body: g.buffer(4 + g.int(0...8)))
                    }
                })
        default:
            body = .experimenter(ExperimenterMessage(experimenter: u32(), expType: u32(), data: buffer(int(0...12))))
        }
        return MultipartReply(flags: MultipartFlags(rawValue: u16()), body)
    }

    mutating func body(kind: Int) -> OFMessage.Body {
        switch kind {
        case 0:
            return .hello(
                Hello(
                    elements: list(0...3) { g in
                        g.bool()
                            ? .versionBitmap(g.list(0...3) { $0.u32() })
                            : .unknown(type: UInt16(g.int(2...0xFFFF)), payload: g.buffer(g.int(0...9)))
                    }))
        case 1:
            return .error(
                bool()
                    ? .standard(
                        OFErrorCode(type: OFErrorType(rawValue: UInt16(int(0...0xFFFE))), code: u16()),
                        data: buffer(int(0...64)))
                    : .experimenter(expType: u16(), experimenter: u32(), data: buffer(int(0...64))))
        case 2: return .echoRequest(buffer(int(0...32)))
        case 3: return .echoReply(buffer(int(0...32)))
        case 4:
            return .experimenter(ExperimenterMessage(experimenter: u32(), expType: u32(), data: buffer(int(0...32))))
        case 5: return .featuresRequest
        case 6:
            return .featuresReply(
                FeaturesReply(
                    datapathID: u64(), nBuffers: u32(), nTables: u8(), auxiliaryID: u8(),
                    capabilities: .init(rawValue: u32()), reserved: u32()))
        case 7: return .getConfigRequest
        case 8: return .getConfigReply(SwitchConfig(flags: .init(rawValue: u16()), missSendLength: u16()))
        case 9: return .setConfig(SwitchConfig(flags: .init(rawValue: u16()), missSendLength: u16()))
        case 10: return .barrierRequest
        case 11: return .barrierReply
        case 12: return .roleRequest(RoleMessage(role: .init(rawValue: u32()), generationID: u64()))
        case 13: return .roleReply(RoleMessage(role: .init(rawValue: u32()), generationID: u64()))
        case 14:
            return .packetIn(
                PacketIn(
                    bufferID: u32(), totalLength: u16(), reason: .init(rawValue: u8()), tableID: u8(),
                    cookie: u64(), match: match(), data: buffer(int(0...80))))
        case 15:
            return .flowRemoved(
                FlowRemoved(
                    cookie: u64(), priority: u16(), reason: .init(rawValue: u8()), tableID: u8(),
                    durationSec: u32(), durationNSec: u32(), idleTimeout: u16(), hardTimeout: u16(),
                    packetCount: u64(), byteCount: u64(), match: match()))
        case 16: return .portStatus(PortStatus(reason: .init(rawValue: u8()), port: portDescription()))
        case 17:
            return .packetOut(
                PacketOut(bufferID: u32(), inPort: PortNumber(u32()), actions: actions(), data: buffer(int(0...80))))
        case 18: return .flowMod(flowMod())
        case 19:
            return .groupMod(
                GroupMod(
                    command: .init(rawValue: u16()), type: .init(rawValue: u8()), groupID: u32(), buckets: buckets()))
        case 20: return .multipartRequest(multipartRequest())
        case 21: return .multipartReply(multipartReply())
        case 22:
            return .portMod(
                PortMod(
                    portNumber: PortNumber(u32()), hardwareAddress: EthernetAddress(u64()),
                    config: .init(rawValue: u32()),
                    mask: .init(rawValue: u32()),
                    properties: list(0...3) { g in
                        switch g.int(0...3) {
                        case 0: .ethernet(advertise: .init(rawValue: g.u32()))
                        case 1:
                            .optical(
                                configure: g.u32(), freqLambda: g.u32(),
                                fineTuneOffset: Int32(truncatingIfNeeded: g.u32()),
                                gridSpan: g.u32(), txPower: g.u32())
                        case 2: .experimenter(g.experimenterProperty())
                        default: .unknown(g.raw(avoiding: [0, 1, 0xFFFF]))
                        }
                    }))
        case 23:
            return .tableMod(TableMod(tableID: u8(), config: .init(rawValue: u32()), properties: tableModProperties()))
        case 24: return .getAsyncRequest
        case 25, 26:
            let config = AsyncConfig(
                properties: list(0...5) { g in
                    switch g.int(0...2) {
                    case 0: .mask(.init(rawValue: UInt16(g.int(0...11))), g.u32())
                    case 1: .experimenter(g.experimenterProperty(), master: g.bool())
                    default: .unknown(g.raw(avoiding: Set((0...11).map { UInt16($0) } + [0xFFFE, 0xFFFF])))
                    }
                })
            return kind == 25 ? .getAsyncReply(config) : .setAsync(config)
        case 27:
            return .meterMod(
                MeterMod(command: .init(rawValue: u16()), flags: .init(rawValue: u16()), meterID: u32(), bands: bands())
            )
        case 28:
            return .roleStatus(
                RoleStatus(
                    role: .init(rawValue: u32()), reason: .init(rawValue: u8()), generationID: u64(),
                    properties: bundleProperties()))
        case 29:
            return .tableStatus(
                TableStatus(
                    reason: .init(rawValue: u8()),
                    table: TableDescription(
                        tableID: u8(), config: .init(rawValue: u32()),
                        properties: tableModProperties())))
        case 30:
            return .requestForward(
                OFMessage(
                    xid: u32(),
                    bool()
                        ? .groupMod(GroupMod(type: .select, groupID: u32(), buckets: buckets()))
                        : .meterMod(MeterMod(meterID: u32(), bands: bands()))))
        case 31:
            return .bundleControl(
                BundleControl(
                    bundleID: u32(), type: .init(rawValue: u16()), flags: .init(rawValue: u16()),
                    properties: bundleProperties()))
        case 32:
            let innerKind = pick([2, 4, 9, 18, 19, 22, 23, 27, 17])
            return .bundleAdd(
                BundleAdd(
                    bundleID: u32(), flags: .init(rawValue: u16()),
                    message: OFMessage(xid: u32(), body(kind: innerKind)),
                    properties: bundleProperties()))
        case 33: return .roleRequest(RoleMessage(role: .master, generationID: u64()))
        case 34: return .multipartRequest(MultipartRequest(.flow(flowStatsRequest())))
        case 35:
            return .flowMod(
                FlowMod(match: match(), instructions: [.applyActions(list(1...8) { g in .nicira(g.nicira(depth: 0)) })])
            )
        case 36: return .multipartReply(MultipartReply(.tableFeatures(list(1...3) { $0.tableFeatures() })))
        case 37:
            return .packetIn(
                PacketIn(
                    totalLength: u16(), reason: .tableMiss, tableID: u8(), match: match(), data: buffer(int(0...8))))
        default: return .hello(Hello(versions: list(1...4) { g in UInt8(g.int(1...6)) }))
        }
    }

    mutating func message() -> OFMessage {
        OFMessage(xid: u32(), body(kind: int(0...(Gen.bodyKinds - 1))))
    }
}
