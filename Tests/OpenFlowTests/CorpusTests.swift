import Foundation
import NIOCore
import Testing

@testable import OpenFlow

/// Round trips every golden message: decode, re-encode, compare bytes. Every length in our
/// output is computed at encode time (the model stores none), so identical bytes also prove
/// the lengths and padding are derivable.
@Suite struct CorpusTests {
    /// OF1.4 files we cannot round-trip, with the reason. Must stay in sync: a file listed here
    /// that starts passing fails the test so the list is kept honest.
    static let of14Exceptions: [String: String] = [:]

    /// Ryu JSON facts that legitimately differ from our model.
    static let jsonExceptions: [String: String] = [:]

    static func check(_ entry: Corpus.Entry, rewriteVersion: Bool) -> (ok: Bool, detail: String) {
        var bytes = entry.bytes
        if rewriteVersion, !bytes.isEmpty {
            bytes[0] = OpenFlowVersion.wire
            // A bundled message carries its own version byte.
            if bytes.count > 16, bytes[1] == OFMessageType.bundleAddMessage.rawValue {
                bytes[16] = OpenFlowVersion.wire
            }
        }
        let input = ByteBuffer(bytes: bytes)
        let message: OFMessage
        do {
            message = try OFMessage(bytes: input)
        } catch {
            return (false, "decode failed: \(error)")
        }
        let out = message.bytes
        if out != input {
            return (false, "re-encoded differently:\n ours \(hex(out))\n orig \(hex(input))")
        }
        if case .undecoded = message.body { return (false, "not decoded as OpenFlow 1.4") }
        return (true, "")
    }

    @Test func of14CorpusRoundTrips() {
        let entries = Corpus.entries("ryu-of14")
        #expect(entries.count >= 70, "corpus not found at \(Corpus.root.path)")
        var passed = 0
        for entry in entries {
            let (ok, detail) = Self.check(entry, rewriteVersion: false)
            if let reason = Self.of14Exceptions[entry.name] {
                #expect(!ok, "\(entry.name) is listed as an exception (\(reason)) but now passes")
                continue
            }
            #expect(ok, "\(entry.name): \(detail)")
            if ok { passed += 1 }
        }
        #expect(passed + Self.of14Exceptions.count == entries.count)
    }

    @Test func of14CorpusAgreesWithRyuJSON() throws {
        for entry in Corpus.entries("ryu-of14") where Self.of14Exceptions[entry.name] == nil {
            guard let json = entry.json else {
                Issue.record("no JSON for \(entry.name)")
                continue
            }
            guard let message = try? OFMessage(bytes: ByteBuffer(bytes: entry.bytes)) else { continue }
            let problems = CorpusFacts.compare(json: json, message: message)
            if let reason = Self.jsonExceptions[entry.name] {
                #expect(!problems.isEmpty, "\(entry.name) JSON exception (\(reason)) no longer needed")
                continue
            }
            #expect(problems.isEmpty, "\(entry.name): \(problems.joined(separator: "; "))")
            if case .undecoded = message.body { Issue.record("\(entry.name) undecoded") }
            // xid is in the header; Ryu's JSON omits it except where it is a body field.
            #expect(message.xid == entry.bytes.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | UInt32($1) })
        }
    }
}

/// OF1.3 and OF1.5 messages whose layout OpenFlow 1.4 shares: rewritten to version 5, they
/// must decode and re-encode byte-identically. The others are listed with the reason.
@Suite struct OtherVersionCorpusTests {
    static let of13Exceptions: [String: String] = [
        "4-22-ofp_port_mod.packet": "OF1.3 PORT_MOD has a fixed advertise field; OF1.4 uses properties",
        "libofproto-OFP13-port_mod.packet": "OF1.3 PORT_MOD has a fixed advertise field; OF1.4 uses properties",
        "4-30-ofp_port_stats_reply.packet":
            "OF1.3 port stats entries are fixed 112-byte records without length or properties",
        "4-35-ofp_queue_get_config_request.packet":
            "OFPT_QUEUE_GET_CONFIG_REQUEST (22) was removed in OF1.4 (OFPMP_QUEUE_DESC replaces it)",
        "4-36-ofp_queue_get_config_reply.packet":
            "OFPT_QUEUE_GET_CONFIG_REPLY (23) was removed in OF1.4 (OFPMP_QUEUE_DESC replaces it)",
        "4-38-ofp_queue_stats_reply.packet": "OF1.3 queue stats entries have no length field or properties",
        "4-39-ofp_port_status.packet": "OF1.3 ofp_port is a fixed 64-byte record without length or properties",
        "libofproto-OFP13-port_status.packet": "OF1.3 ofp_port is a fixed 64-byte record without length or properties",
        "4-54-ofp_port_desc_reply.packet": "OF1.3 ofp_port is a fixed 64-byte record without length or properties",
        "4-43-ofp_get_async_reply.packet": "OF1.3 async config is six fixed masks; OF1.4 uses properties",
        "4-44-ofp_set_async.packet": "OF1.3 async config is six fixed masks; OF1.4 uses properties",
    ]
    static let of15Exceptions: [String: String] = [
        "libofproto-OFP15-aggregate_stats_reply.packet": "OF1.5 aggregate reply carries OXS stats",
        "libofproto-OFP15-bundle_features_request.packet": "OFPMP_BUNDLE_FEATURES (19) is OF1.5-only",
        "libofproto-OFP15-bundle_features_reply.packet": "OFPMP_BUNDLE_FEATURES (19) is OF1.5-only",
        "libofproto-OFP15-controller_status.packet": "OFPT_CONTROLLER_STATUS (35) is OF1.5-only",
        "libofproto-OFP15-controller_status_request.packet": "OFPMP_CONTROLLER_STATUS (18) is OF1.5-only",
        "libofproto-OFP15-controller_status_reply.packet": "OFPMP_CONTROLLER_STATUS (18) is OF1.5-only",
        "libofproto-OFP15-flow_desc_reply.packet": "OF1.5 OFPMP_FLOW_DESC entries carry OXS stats",
        "libofproto-OFP15-flow_removed.packet": "OF1.5 FLOW_REMOVED carries OXS stats instead of fixed counters",
        "libofproto-OFP15-flow_stats_request.packet": "OFPMP_FLOW_STATS (17) is OF1.5-only",
        "libofproto-OFP15-flow_stats_reply.packet": "OFPMP_FLOW_STATS (17) is OF1.5-only",
        "libofproto-OFP15-group_desc_request.packet": "OF1.5 group desc request carries a group id",
        "libofproto-OFP15-group_desc_reply.packet": "OF1.5 buckets have bucket ids and properties",
        "libofproto-OFP15-group_mod.packet": "OF1.5 GROUP_MOD has bucket ids, bucket properties and group properties",
        "libofproto-OFP15-meter_features_reply.packet": "OF1.5 meter features add a features field",
        "libofproto-OFP15-packet_out.packet": "OF1.5 PACKET_OUT carries a match instead of in_port",
        "libofproto-OFP15-port_desc_request.packet": "OF1.5 port desc request carries a port number",
        "libofproto-OFP15-role_request.packet": "OF1.5 uses ROLE_REQUEST padding for short_id",
        "libofproto-OFP15-role_reply.packet": "OF1.5 uses ROLE_REPLY padding for short_id",
        "libofproto-OFP15-table_features_request.packet": "OF1.5 table features use padding for command and features",
        "libofproto-OFP15-table_features_reply.packet": "OF1.5 table features use padding for command and features",
    ]

    func run(_ set: String, _ exceptions: [String: String]) {
        let entries = Corpus.entries(set)
        #expect(!entries.isEmpty)
        for entry in entries {
            let (ok, detail) = CorpusTests.check(entry, rewriteVersion: true)
            if let reason = exceptions[entry.name] {
                #expect(!ok, "\(entry.name) is listed as not shared with OF1.4 (\(reason)) but round-trips")
            } else {
                #expect(ok, "\(entry.name): \(detail)")
            }
        }
    }

    @Test func of13SharedLayouts() { run("ryu-of13", Self.of13Exceptions) }

    static let pbbUCA =
        "OF1.3 carries pbb_uca as ONF experimenter field 2560 (OF1.4 made it basic field 41); we keep it as an unknown experimenter OXM, so the names differ"
    static let learn =
        "Ryu renders the fields inside NX learn actions (priority, cookie, timeouts), which we keep as raw Nicira actions"
    /// Ryu JSON facts that differ for a stated reason; the bytes still round-trip.
    static let jsonExceptions: [String: String] = [
        "4-2-ofp_flow_mod.packet": pbbUCA,
        "4-12-ofp_flow_stats_reply.packet": pbbUCA,
        "4-59-ofp_packet_in.packet": pbbUCA,
        "4-60-ofp_flow_mod.packet": pbbUCA,
        "4-63-onf_flow_monitor_request.packet":
            "ONF (OF1.3 extension) flow-monitor request: an EXPERIMENTER message we keep raw",
        "libofproto-OFP13-flow_mod.packet": learn,
        "ovs-ofctl-of13-action_learn.packet": learn,
        "libofproto-OFP15-flow_mod.packet": learn,
        "libofproto-OFP15-bundle_add.packet": learn,
        "libofproto-OFP15-requestforward.packet":
            "wraps an OF1.5 GROUP_MOD whose buckets have OF1.5 layout; the bytes round-trip but mean something else in OF1.4",
    ]

    /// Ryu's JSON for the shared-layout OF1.3/OF1.5 messages agrees with what we decode.
    @Test(arguments: ["ryu-of13", "ryu-of15"])
    func sharedLayoutsAgreeWithRyuJSON(set: String) {
        let exceptions = set == "ryu-of13" ? Self.of13Exceptions : Self.of15Exceptions
        var checked = 0
        for entry in Corpus.entries(set) where exceptions[entry.name] == nil {
            var bytes = entry.bytes
            bytes[0] = OpenFlowVersion.wire
            if bytes.count > 16, bytes[1] == OFMessageType.bundleAddMessage.rawValue {
                bytes[16] = OpenFlowVersion.wire
            }
            guard let json = entry.json, let message = try? OFMessage(bytes: ByteBuffer(bytes: bytes)) else { continue }
            let problems = CorpusFacts.compare(json: json, message: message)
            if let reason = Self.jsonExceptions[entry.name] {
                #expect(!problems.isEmpty, "\(entry.name) JSON exception (\(reason)) no longer needed")
            } else {
                #expect(problems.isEmpty, "\(entry.name): \(problems.joined(separator: "; "))")
            }
            checked += 1
        }
        #expect(checked > 50)
    }
    @Test func of15SharedLayouts() { run("ryu-of15", Self.of15Exceptions) }
}
