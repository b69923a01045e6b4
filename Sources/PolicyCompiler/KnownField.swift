import OpenFlow
import Topology

/// An OXM field the compiler builds, with its width looked up in the field table once.
/// `OXMField(_:_:mask:)` looks the width up (copying the field's descriptor) for every field it
/// makes, and a compile makes over a hundred thousand of them: that was a twelfth of its time.
/// The fields made here are the very ones `OXMField(_:_:mask:)` would make.
struct KnownField: Sendable {
    let id: OXMFieldID
    let width: Int

    init(_ id: OXMFieldID) {
        self.id = id
        width = id.descriptor?.width ?? 16
    }

    func callAsFunction(_ value: UInt128, mask: UInt128? = nil) -> OXMField {
        OXMField(id: id, value: OXMValue(value, width: width), mask: mask.map { OXMValue($0, width: width) })
    }

    static let inPort = KnownField(.inPort)
    static let nxmInPort = KnownField(.nxmInPort)
    static let vlanVID = KnownField(.vlanVID)
    static let ethType = KnownField(.ethType)
    static let ethDst = KnownField(.ethDst)
    static let ethSrc = KnownField(.ethSrc)
    static let ipProto = KnownField(.ipProto)
    static let ipv4Src = KnownField(.ipv4Src)
    static let ipv4Dst = KnownField(.ipv4Dst)
    static let arpOp = KnownField(.arpOp)
    static let arpSPA = KnownField(.arpSPA)
    static let arpTPA = KnownField(.arpTPA)
    static let arpSHA = KnownField(.arpSHA)
    static let ctState = KnownField(.ctState)
    static let tcpSrc = KnownField(.tcpSrc)
    static let tcpDst = KnownField(.tcpDst)
    static let udpSrc = KnownField(.udpSrc)
    static let udpDst = KnownField(.udpDst)
    static let sctpSrc = KnownField(.sctpSrc)
    static let sctpDst = KnownField(.sctpDst)

    /// The source or destination port field of a transport protocol.
    static func sourcePort(_ proto: TransportProtocol) -> KnownField {
        proto == .tcp ? tcpSrc : proto == .udp ? udpSrc : sctpSrc
    }

    static func destinationPort(_ proto: TransportProtocol) -> KnownField {
        proto == .tcp ? tcpDst : proto == .udp ? udpDst : sctpDst
    }
}
