import Foundation
import NIOCore

@testable import OpenFlow

/// Extracts comparable facts from Ryu's JSON rendering and from our decoded value, so one
/// generic check covers every corpus message.
enum CorpusFacts {
    /// JSON key -> Swift property name, for scalar fields that mean the same in both models.
    static let keys: [String: String] = [
        "priority": "priority", "cookie": "cookie", "idle_timeout": "idleTimeout", "hard_timeout": "hardTimeout",
        "buffer_id": "bufferID", "packet_count": "packetCount", "byte_count": "byteCount",
        "duration_sec": "durationSec", "datapath_id": "datapathID", "importance": "importance",
        "generation_id": "generationID", "miss_send_len": "missSendLength", "n_buffers": "nBuffers",
        "meter_id": "meterID", "weight": "weight", "bundle_id": "bundleID",
    ]

    /// Ryu names that differ from ours (we follow OVS for Nicira fields).
    static let ryuNames = ["tun_ipv4_src": "tun_src", "tun_ipv4_dst": "tun_dst"]

    struct OXM: Hashable, CustomStringConvertible {
        let name: String
        let value: UInt128
        let mask: UInt128?
        var description: String {
            "\(name)=\(String(value, radix: 16))" + (mask.map { "/" + String($0, radix: 16) } ?? "")
        }
    }

    static func parse(_ any: Any) -> UInt128? {
        if let n = any as? NSNumber { return UInt128(n.uint64Value) }
        guard let s = any as? String else { return nil }
        if s.contains(":") && s.split(separator: ":").count == 6 && !s.contains("::") && s.count == 17 {
            return s.split(separator: ":").reduce(UInt128(0)) { $0 << 8 | UInt128(UInt8($1, radix: 16) ?? 0) }
        }
        var v4 = in_addr()
        if inet_pton(AF_INET, s, &v4) == 1 { return UInt128(UInt32(bigEndian: v4.s_addr)) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, s, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { raw in raw.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
        }
        return nil
    }

    static func json(_ root: Any) -> (scalars: [String: [UInt64]], oxms: [OXM]) {
        var scalars = [String: [UInt64]]()
        var oxms = [OXM]()
        func walk(_ o: Any) {
            if let d = o as? [String: Any] {
                if let t = d["OXMTlv"] as? [String: Any], let ryuName = t["field"] as? String, let raw = t["value"],
                    let v = parse(raw)
                {
                    let m = t["mask"].flatMap { $0 is NSNull ? nil : parse($0) }
                    oxms.append(OXM(name: ryuNames[ryuName] ?? ryuName, value: v, mask: m))
                }
                for (k, v) in d {
                    if let swiftName = keys[k], let n = v as? NSNumber {
                        scalars[swiftName, default: []].append(n.uint64Value)
                    }
                    walk(v)
                }
            } else if let a = o as? [Any] {
                a.forEach(walk)
            }
        }
        walk(root)
        return (scalars, oxms)
    }

    static func decoded(_ value: Any) -> (scalars: [String: [UInt64]], oxms: [OXM]) {
        var scalars = [String: [UInt64]]()
        var oxms = [OXM]()
        let wanted = Set(keys.values)
        func number(_ v: Any) -> UInt64? {
            if let i = v as? any BinaryInteger { return UInt64(truncatingIfNeeded: i) }
            let m = Mirror(reflecting: v)
            if let raw = m.children.first(where: { $0.label == "rawValue" })?.value as? any BinaryInteger {
                return UInt64(truncatingIfNeeded: raw)
            }
            return nil
        }
        func walk(_ v: Any) {
            if let f = v as? OXMField {
                oxms.append(
                    OXM(name: f.id.descriptor?.name ?? f.id.description, value: f.value.integer, mask: f.mask?.integer))
                return
            }
            if v is ByteBuffer { return }
            if let m = v as? Match {
                m.fields.forEach(walk)
                return
            }
            // Decoded entries keep their instructions as bytes until read.
            if let stats = v as? FlowStats { stats.instructions.forEach(walk) }
            for child in Mirror(reflecting: v).children {
                // Enum payloads lose their labels under reflection; name the ones that matter.
                let label = child.label == "meter" ? "meterID" : child.label
                if let label, wanted.contains(label), let n = number(child.value) {
                    scalars[label, default: []].append(n)
                }
                walk(child.value)
            }
        }
        walk(value)
        return (scalars, oxms)
    }

    /// Differences between Ryu's view and ours, as readable lines (empty when they agree).
    static func compare(json root: Any, message: OFMessage) -> [String] {
        let a = json(root)
        let b = decoded(message)
        var problems = [String]()
        for (key, values) in a.scalars {
            let ours = b.scalars[key] ?? []
            if values.sorted() != ours.sorted() {
                problems.append("\(key): ryu \(values.sorted()) ours \(ours.sorted())")
            }
        }
        let ryuOXM = a.oxms.map(\.description).sorted()
        let ourOXM = b.oxms.map(\.description).sorted()
        if ryuOXM != ourOXM {
            problems.append("oxm: ryu \(ryuOXM) ours \(ourOXM)")
        }
        return problems
    }
}
