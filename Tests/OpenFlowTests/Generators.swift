import NIOCore

@testable import OpenFlow

/// Seeded generators of canonical values (ones whose encoding decodes back to an equal value)
/// for every message type.
struct Gen {
    var rng: SeededRandom
    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    mutating func u8() -> UInt8 { UInt8.random(in: .min ... .max, using: &rng) }
    mutating func u16() -> UInt16 { UInt16.random(in: .min ... .max, using: &rng) }
    mutating func u32() -> UInt32 { UInt32.random(in: .min ... .max, using: &rng) }
    mutating func u64() -> UInt64 { rng.next() }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func bool() -> Bool { rng.next() & 1 == 0 }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in u8() } }
    mutating func buffer(_ n: Int) -> ByteBuffer { ByteBuffer(bytes: bytes(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }
    mutating func list<T>(_ r: ClosedRange<Int>, _ f: (inout Gen) -> T) -> [T] {
        (0..<int(r)).map { _ in f(&self) }
    }
    mutating func name(_ max: Int) -> String {
        String((0..<int(0...max)).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyz0123456789-_.")) })
    }

    // MARK: Match

    mutating func oxm() -> OXMField {
        if int(0...9) == 0 {
            // Unknown field: a class and experimenter the table does not use.
            let width = int(1...24)
            let id =
                bool()
                ? OXMFieldID(OXMClass(rawValue: UInt16(int(2...0x7FFF))), UInt8(int(0...127)))
                : OXMFieldID(.experimenter, UInt8(int(0...127)), experimenter: UInt32(int(1...0x2000)))
            return OXMField(
                id: id, value: OXMValue(bytes: bytes(width)), mask: bool() ? OXMValue(bytes: bytes(width)) : nil)
        }
        let d = pick(OXMFieldTable.all)
        let v = UInt128(u64()) << 64 | UInt128(u64())
        return OXMField(d.id, v, mask: d.maskable && bool() ? UInt128(u64()) << 64 | UInt128(u64()) : nil)
    }

    mutating func match() -> Match { Match(list(0...6) { $0.oxm() }) }

    mutating func nxmHeader() -> OXMHeader {
        let d = pick(OXMFieldTable.all.filter { $0.id.oxmClass != .experimenter })
        return OXMHeader(d.id, hasMask: bool())
    }

    mutating func anyHeader() -> OXMHeader {
        bool() ? nxmHeader() : OXMHeader(pick(OXMFieldTable.all).id)
    }

    // MARK: Actions

    mutating func nicira(depth: Int) -> NiciraAction {
        switch int(0...21) {
        case 0: return .resubmit(inPort: u16())
        case 1: return .resubmitTable(inPort: u16(), table: u8())
        case 2: return .resubmitTableCT(inPort: u16(), table: u8())
        case 3: return .setTunnel(u32())
        case 4: return .setTunnel64(u64())
        case 5: return .popQueue
        case 6:
            return .regMove(.init(nBits: u16(), srcOffset: u16(), dstOffset: u16(), src: anyHeader(), dst: anyHeader()))
        case 7:
            return .regLoad(
                .init(offset: UInt16(int(0...1023)), nBits: UInt8(int(1...64)), dst: nxmHeader(), value: u64()))
        case 8: return .regLoad2(oxm())
        case 9: return .note(bytes(6 + 8 * int(0...3)))
        case 10: return .exit
        case 11: return .decTTLControllerIDs(list(0...9) { $0.u16() })
        case 12:
            return .outputReg(
                .init(src: nxmHeader(), offset: UInt16(int(0...1023)), nBits: UInt8(int(1...64)), maxLength: u16()))
        case 13:
            return .outputReg2(
                .init(src: anyHeader(), offset: UInt16(int(0...1023)), nBits: UInt8(int(1...64)), maxLength: u16()))
        case 14: return .conjunction(id: u32(), clause: u8(), clauses: u8())
        case 15:
            let zone: NiciraAction.Conntrack.Zone =
                bool()
                ? .immediate(u16())
                : .field(nxmHeader(), offset: UInt16(int(0...1023)), nBits: UInt8(int(1...64)))
            return .ct(
                .init(
                    flags: .init(rawValue: u16()), zone: zone, recirculateTable: u8(), alg: u16(),
                    actions: depth < 2 ? list(0...3) { $0.action(depth: depth + 1) } : []))
        case 16: return .nat(nat())
        case 17: return .ctClear
        case 18: return .controller(maxLength: u16(), controllerID: u16(), reason: u8())
        case 19:
            return .controller2(
                list(0...6) { g in
                    switch g.int(0...6) {
                    case 0: .maxLength(g.u16())
                    case 1: .controllerID(g.u16())
                    case 2: .reason(g.u8())
                    case 3: .userdata(g.bytes(g.int(0...12)))
                    case 4: .pause
                    case 5: .meterID(g.u32())
                    default: .unknown(type: UInt16(g.int(6...0xFFFF)), payload: g.buffer(g.int(0...9)))
                    }
                })
        default:
            return .unknown(
                subtype: pick([3, 4, 10, 12, 16, 19, 27, 29, 38, 45, 46, 200]), body: buffer(6 + 8 * int(0...3)))
        }
    }

    mutating func nat() -> NiciraAction.NAT {
        NiciraAction.NAT(
            flags: .init(rawValue: u16()), ipv4Min: bool() ? u32() : nil, ipv4Max: bool() ? u32() : nil,
            ipv6Min: bool() ? UInt128(u64()) << 64 | UInt128(u64()) : nil, ipv6Max: bool() ? UInt128(u64()) : nil,
            portMin: bool() ? u16() : nil, portMax: bool() ? u16() : nil)
    }

    mutating func action(depth: Int = 0) -> Action {
        switch int(0...19) {
        case 0: return .output(port: PortNumber(u32()), maxLength: u16())
        case 1: return .copyTTLOut
        case 2: return .copyTTLIn
        case 3: return .setMPLSTTL(u8())
        case 4: return .decMPLSTTL
        case 5: return .pushVLAN(ethertype: u16())
        case 6: return .popVLAN
        case 7: return .pushMPLS(ethertype: u16())
        case 8: return .popMPLS(ethertype: u16())
        case 9: return .setQueue(u32())
        case 10: return .group(u32())
        case 11: return .setNWTTL(u8())
        case 12: return .decNWTTL
        case 13: return .setField(oxm())
        case 14: return .pushPBB(ethertype: u16())
        case 15: return .popPBB
        case 16: return .experimenter(experimenter: UInt32(int(0x2321...0xFFFFFF)), data: buffer(8 * int(0...3)))
        default: return .nicira(nicira(depth: depth))
        }
    }

    mutating func actions() -> [Action] { list(0...5) { $0.action() } }

    mutating func instruction() -> Instruction {
        switch int(0...6) {
        case 0: return .gotoTable(u8())
        case 1: return .writeMetadata(u64(), mask: u64())
        case 2: return .writeActions(actions())
        case 3: return .applyActions(actions())
        case 4: return .clearActions
        case 5: return .meter(u32())
        default: return .experimenter(experimenter: u32(), data: buffer(8 * int(0...2)))
        }
    }

    mutating func instructions() -> [Instruction] { list(0...4) { $0.instruction() } }

    // MARK: Properties

    mutating func experimenterProperty() -> ExperimenterProperty {
        ExperimenterProperty(experimenter: u32(), expType: u32(), data: buffer(int(0...11)))
    }

    mutating func raw(avoiding used: Set<UInt16>) -> RawProperty {
        var type = u16()
        while used.contains(type) { type = u16() }
        return RawProperty(type: type, payload: buffer(int(0...13)))
    }

    mutating func portDescription() -> PortDescription {
        PortDescription(
            portNumber: PortNumber(u32()), hardwareAddress: EthernetAddress(u64()), name: name(15),
            config: PortConfig(rawValue: u32()), state: PortState(rawValue: u32()),
            properties: list(0...3) { g in
                switch g.int(0...3) {
                case 0:
                    .ethernet(
                        .init(
                            current: .init(rawValue: g.u32()), advertised: .init(rawValue: g.u32()),
                            supported: .init(rawValue: g.u32()), peer: .init(rawValue: g.u32()),
                            currentSpeedKbps: g.u32(), maxSpeedKbps: g.u32()))
                case 1:
                    .optical(
                        .init(
                            supported: g.u32(), txMinFreqLambda: g.u32(), txMaxFreqLambda: g.u32(),
                            txGridFreqLambda: g.u32(), rxMinFreqLambda: g.u32(), rxMaxFreqLambda: g.u32(),
                            rxGridFreqLambda: g.u32(), txPowerMin: g.u16(), txPowerMax: g.u16()))
                case 2: .experimenter(g.experimenterProperty())
                default: .unknown(g.raw(avoiding: [0, 1, 0xFFFF]))
                }
            })
    }

    mutating func tableModProperties() -> [TableModProperty] {
        list(0...3) { g in
            switch g.int(0...3) {
            case 0: .eviction(flags: g.u32())
            case 1: .vacancy(down: g.u8(), up: g.u8(), vacancy: g.u8())
            case 2: .experimenter(g.experimenterProperty())
            default: .unknown(g.raw(avoiding: [2, 3, 0xFFFF]))
            }
        }
    }

    mutating func queueProperties() -> [QueueProperty] {
        list(0...3) { g in
            switch g.int(0...3) {
            case 0: .minRate(g.u16())
            case 1: .maxRate(g.u16())
            case 2: .experimenter(g.experimenterProperty())
            default: .unknown(g.raw(avoiding: [1, 2, 0xFFFF]))
            }
        }
    }

    mutating func bundleProperties() -> [BundleProperty] {
        list(0...2) { g in g.bool() ? .experimenter(g.experimenterProperty()) : .unknown(g.raw(avoiding: [0xFFFF])) }
    }

    mutating func buckets() -> [Bucket] {
        list(0...3) { g in
            Bucket(weight: g.u16(), watchPort: PortNumber(g.u32()), watchGroup: g.u32(), actions: g.actions())
        }
    }

    mutating func bands() -> [MeterBand] {
        list(0...3) { g in
            switch g.int(0...3) {
            case 0: .drop(rate: g.u32(), burstSize: g.u32())
            case 1: .dscpRemark(rate: g.u32(), burstSize: g.u32(), precedenceLevel: g.u8())
            case 2:
                .experimenter(
                    rate: g.u32(), burstSize: g.u32(), experimenter: g.u32(), data: g.buffer(8 * g.int(0...2)))
            default:
                .unknown(
                    type: UInt16(g.int(3...0xFFFE)), rate: g.u32(), burstSize: g.u32(),
                    data: g.buffer(4 + 8 * g.int(0...2)))
            }
        }
    }

    mutating func tableFeatures() -> TableFeatures {
        TableFeatures(
            tableID: u8(), name: name(31), metadataMatch: u64(), metadataWrite: u64(),
            capabilities: .init(rawValue: u32()),
            maxEntries: u32(),
            properties: list(0...6) { g in
                let ids = g.list(0...4) { g in TableFeatureID(type: g.u16(), body: g.buffer(g.bool() ? 0 : 4)) }
                let headers = g.list(0...5) { $0.anyHeader() }
                switch g.int(0...10) {
                case 0: return .instructions(ids, miss: g.bool())
                case 1: return .nextTables(g.bytes(g.int(0...9)), miss: g.bool())
                case 2: return .writeActions(ids, miss: g.bool())
                case 3: return .applyActions(ids, miss: g.bool())
                case 4: return .match(headers)
                case 5: return .wildcards(headers)
                case 6: return .writeSetField(headers, miss: g.bool())
                case 7: return .applySetField(headers, miss: g.bool())
                case 8: return .tableSyncFrom(g.bytes(g.int(0...5)))
                case 9: return .experimenter(g.experimenterProperty(), miss: g.bool())
                default: return .unknown(g.raw(avoiding: Set((0...16).map { UInt16($0) } + [0xFFFE, 0xFFFF])))
                }
            })
    }
}
