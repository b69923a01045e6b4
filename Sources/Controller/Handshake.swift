import NIOCore
import OpenFlow

/// The OpenFlow 1.4 connection handshake as a value: HELLO exchange and version negotiation,
/// FEATURES (datapath id), PORT_DESC (across REPLY_MORE), then SET_CONFIG. It performs no I/O:
/// the connection feeds it messages and carries out the actions it returns.
struct Handshake {
    enum State: Equatable {
        case awaitingHello
        case awaitingFeatures
        case awaitingPortDescription
        case complete
        case failed
    }

    enum Action: Equatable {
        /// Send these, keep going.
        case send([OFMessage])
        /// Send these (if any), then the switch is ready.
        case complete(features: FeaturesReply, ports: [PortDescription], send: [OFMessage])
        /// Send `reply` (if any) and close the connection.
        case fail(reply: OFMessage?, reason: String)
        /// Not a handshake message; the runtime handles it (echo, errors, async events).
        case notHandshake
    }

    private(set) var state: State = .awaitingHello
    private var features: FeaturesReply?
    private var ports: [PortDescription] = []
    private var xids: XIDSource
    private let missSendLength: UInt16
    private var featuresXID: UInt32 = 0
    private var portDescriptionXID: UInt32 = 0

    init(xids: XIDSource, missSendLength: UInt16) {
        self.xids = xids
        self.missSendLength = missSendLength
    }

    /// Our HELLO, sent as soon as the connection is up: it advertises 1.4 only.
    mutating func start() -> OFMessage {
        OFMessage(xid: xids.next(), .hello(Hello(versions: [OpenFlowVersion.wire])))
    }

    mutating func receive(_ message: OFMessage) -> Action {
        switch (state, message.body) {
        case (.awaitingHello, .hello(let hello)):
            let peerVersions = hello.advertisedVersions ?? [message.version]
            let compatible =
                hello.advertisedVersions == nil
                ? message.version >= OpenFlowVersion.wire : peerVersions.contains(OpenFlowVersion.wire)
            guard compatible else {
                state = .failed
                let names = peerVersions.map(Self.versionName).joined(separator: ", ")
                let text = "we support OpenFlow 1.4 (0x05); peer supports \(names)"
                let error = ErrorMessage.standard(
                    OFErrorCode.helloFailed(.incompatible), data: ByteBuffer(string: text))
                return .fail(
                    reply: OFMessage(xid: message.xid, version: message.version, .error(error)),
                    reason: "version negotiation failed: peer offers \(names)")
            }
            state = .awaitingFeatures
            featuresXID = xids.next()
            return .send([OFMessage(xid: featuresXID, .featuresRequest)])

        case (.awaitingHello, _):
            state = .failed
            return .fail(reply: nil, reason: "expected HELLO first, got \(message.type)")

        case (.awaitingFeatures, .featuresReply(let reply)) where message.xid == featuresXID:
            features = reply
            state = .awaitingPortDescription
            portDescriptionXID = xids.next()
            return .send([OFMessage(xid: portDescriptionXID, .multipartRequest(MultipartRequest(.portDesc)))])

        case (.awaitingPortDescription, .multipartReply(let reply)) where message.xid == portDescriptionXID:
            guard case .portDesc(let list) = reply.body else {
                state = .failed
                return .fail(reply: nil, reason: "PORT_DESC request answered with \(reply.body.type)")
            }
            ports += list
            if reply.flags.contains(.more) { return .send([]) }
            state = .complete
            let config = OFMessage(xid: xids.next(), .setConfig(SwitchConfig(missSendLength: missSendLength)))
            guard let features else { return .fail(reply: nil, reason: "internal: features missing") }
            return .complete(features: features, ports: ports, send: [config])

        case (.awaitingFeatures, .error(let error)), (.awaitingPortDescription, .error(let error)):
            state = .failed
            return .fail(reply: nil, reason: "switch refused the handshake: \(error)")

        default:
            return .notHandshake
        }
    }

    static func versionName(_ version: UInt8) -> String {
        switch version {
        case 1: "OpenFlow 1.0"
        case 2...6: "OpenFlow 1.\(version - 1)"
        default: "version 0x" + String(version, radix: 16)
        }
    }
}
