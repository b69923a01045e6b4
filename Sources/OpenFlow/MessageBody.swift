import NIOCore

extension OFMessage {
    /// One case per OpenFlow 1.4 message type.
    public enum Body: Hashable, Sendable {
        case hello(Hello)
        case error(ErrorMessage)
        case echoRequest(ByteBuffer)
        case echoReply(ByteBuffer)
        case experimenter(ExperimenterMessage)
        case featuresRequest
        case featuresReply(FeaturesReply)
        case getConfigRequest
        case getConfigReply(SwitchConfig)
        case setConfig(SwitchConfig)
        case barrierRequest
        case barrierReply
        case roleRequest(RoleMessage)
        case roleReply(RoleMessage)
        case packetIn(PacketIn)
        case flowRemoved(FlowRemoved)
        case portStatus(PortStatus)
        case packetOut(PacketOut)
        case flowMod(FlowMod)
        case groupMod(GroupMod)
        case multipartRequest(MultipartRequest)
        case multipartReply(MultipartReply)
        case portMod(PortMod)
        case tableMod(TableMod)
        case getAsyncRequest
        case getAsyncReply(AsyncConfig)
        case setAsync(AsyncConfig)
        case meterMod(MeterMod)
        case roleStatus(RoleStatus)
        case tableStatus(TableStatus)
        /// A group or meter mod another controller sent, forwarded whole.
        indirect case requestForward(OFMessage)
        case bundleControl(BundleControl)
        indirect case bundleAdd(BundleAdd)
        /// A message of another OpenFlow version whose layout this library does not know; kept
        /// so the caller can answer it (usually with HELLO_FAILED or BAD_VERSION).
        case undecoded(type: OFMessageType, payload: ByteBuffer)

        public var type: OFMessageType {
            switch self {
            case .hello: .hello
            case .error: .error
            case .echoRequest: .echoRequest
            case .echoReply: .echoReply
            case .experimenter: .experimenter
            case .featuresRequest: .featuresRequest
            case .featuresReply: .featuresReply
            case .getConfigRequest: .getConfigRequest
            case .getConfigReply: .getConfigReply
            case .setConfig: .setConfig
            case .barrierRequest: .barrierRequest
            case .barrierReply: .barrierReply
            case .roleRequest: .roleRequest
            case .roleReply: .roleReply
            case .packetIn: .packetIn
            case .flowRemoved: .flowRemoved
            case .portStatus: .portStatus
            case .packetOut: .packetOut
            case .flowMod: .flowMod
            case .groupMod: .groupMod
            case .multipartRequest: .multipartRequest
            case .multipartReply: .multipartReply
            case .portMod: .portMod
            case .tableMod: .tableMod
            case .getAsyncRequest: .getAsyncRequest
            case .getAsyncReply: .getAsyncReply
            case .setAsync: .setAsync
            case .meterMod: .meterMod
            case .roleStatus: .roleStatus
            case .tableStatus: .tableStatus
            case .requestForward: .requestForward
            case .bundleControl: .bundleControl
            case .bundleAdd: .bundleAddMessage
            case .undecoded(let type, _): type
            }
        }

        static func read(type: OFMessageType, version: UInt8, from b: inout WireReader) throws(OFDecodeError) -> Body {
            // These four have had the same layout since OpenFlow 1.0.
            switch type {
            case .hello: return .hello(try Hello.read(from: &b))
            case .error: return .error(try ErrorMessage.read(from: &b))
            case .echoRequest: return .echoRequest(b.readRest())
            case .echoReply: return .echoReply(b.readRest())
            default: break
            }
            guard version == OpenFlowVersion.wire else {
                return .undecoded(type: type, payload: b.readRest())
            }
            switch type {
            case .experimenter: return .experimenter(try ExperimenterMessage.read(from: &b))
            case .featuresRequest: return .featuresRequest
            case .featuresReply: return .featuresReply(try FeaturesReply.read(from: &b))
            case .getConfigRequest: return .getConfigRequest
            case .getConfigReply: return .getConfigReply(try SwitchConfig.read(from: &b))
            case .setConfig: return .setConfig(try SwitchConfig.read(from: &b))
            case .barrierRequest: return .barrierRequest
            case .barrierReply: return .barrierReply
            case .roleRequest: return .roleRequest(try RoleMessage.read(from: &b))
            case .roleReply: return .roleReply(try RoleMessage.read(from: &b))
            case .packetIn: return .packetIn(try PacketIn.read(from: &b))
            case .flowRemoved: return .flowRemoved(try FlowRemoved.read(from: &b))
            case .portStatus: return .portStatus(try PortStatus.read(from: &b))
            case .packetOut: return .packetOut(try PacketOut.read(from: &b))
            case .flowMod: return .flowMod(try FlowMod.read(from: &b))
            case .groupMod: return .groupMod(try GroupMod.read(from: &b))
            case .multipartRequest: return .multipartRequest(try MultipartRequest.read(from: &b))
            case .multipartReply: return .multipartReply(try MultipartReply.read(from: &b))
            case .portMod: return .portMod(try PortMod.read(from: &b))
            case .tableMod: return .tableMod(try TableMod.read(from: &b))
            case .getAsyncRequest: return .getAsyncRequest
            case .getAsyncReply: return .getAsyncReply(try AsyncConfig.read(from: &b))
            case .setAsync: return .setAsync(try AsyncConfig.read(from: &b))
            case .meterMod: return .meterMod(try MeterMod.read(from: &b))
            case .roleStatus: return .roleStatus(try RoleStatus.read(from: &b))
            case .tableStatus: return .tableStatus(try TableStatus.read(from: &b))
            case .requestForward:
                // One level only: a forwarded request cannot itself be a forward.
                if let inner = b.peekHeader(), inner.type == .requestForward || inner.type == .bundleAddMessage {
                    throw OFDecodeError(.badRequest(.badType), "nested forwarded request")
                }
                return .requestForward(try OFMessage.read(reader: &b))
            case .bundleControl: return .bundleControl(try BundleControl.read(from: &b))
            case .bundleAddMessage: return .bundleAdd(try BundleAdd.read(from: &b, outerVersion: version))
            default:
                throw OFDecodeError(.badRequest(.badType), "unknown message type \(type.rawValue)")
            }
        }

        func write(into b: inout ByteBuffer) {
            switch self {
            case .hello(let m): m.write(into: &b)
            case .error(let m): m.write(into: &b)
            case .echoRequest(let data), .echoReply(let data): b.writeImmutableBuffer(data)
            case .experimenter(let m): m.write(into: &b)
            case .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply: break
            case .featuresReply(let m): m.write(into: &b)
            case .getConfigReply(let m), .setConfig(let m): m.write(into: &b)
            case .roleRequest(let m), .roleReply(let m): m.write(into: &b)
            case .packetIn(let m): m.write(into: &b)
            case .flowRemoved(let m): m.write(into: &b)
            case .portStatus(let m): m.write(into: &b)
            case .packetOut(let m): m.write(into: &b)
            case .flowMod(let m): m.write(into: &b)
            case .groupMod(let m): m.write(into: &b)
            case .multipartRequest(let m): m.write(into: &b)
            case .multipartReply(let m): m.write(into: &b)
            case .portMod(let m): m.write(into: &b)
            case .tableMod(let m): m.write(into: &b)
            case .getAsyncRequest: break
            case .getAsyncReply(let m), .setAsync(let m): m.write(into: &b)
            case .meterMod(let m): m.write(into: &b)
            case .roleStatus(let m): m.write(into: &b)
            case .tableStatus(let m): m.write(into: &b)
            case .requestForward(let m): m.write(into: &b)
            case .bundleControl(let m): m.write(into: &b)
            case .bundleAdd(let m): m.write(into: &b)
            case .undecoded(_, let payload): b.writeImmutableBuffer(payload)
            }
        }
    }
}
