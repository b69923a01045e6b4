import OpenFlow

/// `ovs-ofctl dump-table-features` for OpenFlow 1.4: one block per table, runs of tables equal
/// to the one before collapsed into "ditto", and "(same ...)" where a part repeats the previous
/// table's, as ovs-ofctl 3.1 prints them. Field lists are in OVS's field order and folded as
/// ovs-ofctl folds them (`tun_{id,src}`, `reg0...reg15`); a field OVS does not know prints as
/// its OXM id, after the others.
public enum TableFeaturesFormatter {
    /// One table's features, reduced to what the printout compares and shows.
    struct Summary: Equatable {
        struct Actions: Equatable {
            var types: UInt32 = 0
            var setFields: [String] = []
        }
        struct Instructions: Equatable {
            var next: Set<UInt8> = []
            var types: UInt32 = 0
            var write = Actions()
            var apply = Actions()
        }
        var id: UInt8
        var name: String
        var metadataMatch: UInt64
        var metadataWrite: UInt64
        var eviction: Bool
        var vacancy: Bool
        var maxEntries: UInt32
        var nonmiss = Instructions()
        var miss = Instructions()
        /// Matchable fields, with whether each is arbitrarily maskable and may be wildcarded.
        var match: [String] = []
        var mask: Set<String> = []
        var wildcard: Set<String> = []
    }

    static func fieldName(_ h: OXMHeader) -> String {
        OVSFieldOrder.byID[h.id]?.name ?? FieldTable.field(for: h.id)?.name ?? h.id.description
    }

    /// Field names in OVS's field order (fields OVS does not know go last, as sent), each once
    /// (a field may come as both its OXM and its NXM spelling).
    static func names(_ headers: [OXMHeader]) -> [String] {
        var seen = Set<String>()
        let ordered = headers.filter(hasFieldLength).enumerated().map { (i, h) in
            (OVSFieldOrder.byID[h.id]?.order ?? OVSFieldOrder.fields.count + i, fieldName(h))
        }
        return ordered.sorted { $0.0 < $1.0 }.map(\.1).filter { seen.insert($0).inserted }
    }

    /// OVS ignores an id whose length is not its field's (twice that when masked, plus the
    /// experimenter id in an experimenter's field), as it does a field it does not know. Fields
    /// of unknown width are kept.
    static func hasFieldLength(_ h: OXMHeader) -> Bool {
        guard let width = h.id.descriptor?.width else { return true }
        let experimenter = h.id.oxmClass == .experimenter ? 4 : 0
        return Int(h.length) == (h.hasMask ? 2 * width : width) + experimenter
    }

    static func bitmap(_ ids: [TableFeatureID]) -> UInt32 {
        ids.reduce(0) { $1.type < 32 ? $0 | 1 << UInt32($1.type) : $0 }
    }

    static func summary(_ t: TableFeatures) -> Summary {
        var s = Summary(
            id: t.tableID, name: t.name, metadataMatch: t.metadataMatch, metadataWrite: t.metadataWrite,
            eviction: t.capabilities.contains(.eviction), vacancy: t.capabilities.contains(.vacancyEvents),
            maxEntries: t.maxEntries)
        var seenMiss = Set<Int>()
        var wildcards: [String] = []
        for p in t.properties {
            switch p {
            case .instructions(let l, let miss):
                if miss { s.miss.types = bitmap(l) } else { s.nonmiss.types = bitmap(l) }
                if miss { seenMiss.insert(0) }
            case .nextTables(let l, let miss):
                if miss { s.miss.next = Set(l) } else { s.nonmiss.next = Set(l) }
                if miss { seenMiss.insert(1) }
            case .writeActions(let l, let miss):
                if miss { s.miss.write.types = bitmap(l) } else { s.nonmiss.write.types = bitmap(l) }
                if miss { seenMiss.insert(2) }
            case .applyActions(let l, let miss):
                if miss { s.miss.apply.types = bitmap(l) } else { s.nonmiss.apply.types = bitmap(l) }
                if miss { seenMiss.insert(3) }
            case .writeSetField(let l, let miss):
                if miss { s.miss.write.setFields = names(l) } else { s.nonmiss.write.setFields = names(l) }
                if miss { seenMiss.insert(4) }
            case .applySetField(let l, let miss):
                if miss { s.miss.apply.setFields = names(l) } else { s.nonmiss.apply.setFields = names(l) }
                if miss { seenMiss.insert(5) }
            case .match(let l):
                s.match = names(l)
                s.mask = Set(l.filter { $0.hasMask && hasFieldLength($0) }.map(fieldName))
            case .wildcards(let l):
                wildcards = names(l)
            default:
                break
            }
        }
        // As OVS does: a table-miss property left out means "same as the others".
        if !seenMiss.contains(0) { s.miss.types = s.nonmiss.types }
        if !seenMiss.contains(1) { s.miss.next = s.nonmiss.next }
        if !seenMiss.contains(2) { s.miss.write.types = s.nonmiss.write.types }
        if !seenMiss.contains(3) { s.miss.apply.types = s.nonmiss.apply.types }
        if !seenMiss.contains(4) { s.miss.write.setFields = s.nonmiss.write.setFields }
        if !seenMiss.contains(5) { s.miss.apply.setFields = s.nonmiss.apply.setFields }
        // Maskable fields are matchable and may be wildcarded; only matchable ones can be wildcarded.
        for f in s.mask where !s.match.contains(f) { s.match.append(f) }
        s.wildcard = Set(wildcards).union(s.mask).intersection(s.match)
        return s
    }

    /// Next-table sets are equal when they differ only in the later table itself: a table may
    /// not go to itself, so otherwise every table would differ from the one before (as OVS reasons).
    static func nextEqual(_ a: Set<UInt8>, _ aID: UInt8, _ b: Set<UInt8>, _ bID: UInt8) -> Bool {
        if Int(bID) == Int(aID) + 1, a.contains(bID), !b.contains(bID) {
            var trimmed = a
            trimmed.remove(bID)
            return trimmed == b
        }
        return a == b
    }

    static func instructionsEqual(
        _ a: Summary.Instructions, _ aID: UInt8, _ b: Summary.Instructions, _ bID: UInt8
    )
        -> Bool
    {
        nextEqual(a.next, aID, b.next, bID) && a.types == b.types && a.write == b.write && a.apply == b.apply
    }

    static func featuresEqual(_ a: Summary, _ b: Summary) -> Bool {
        a.metadataMatch == b.metadataMatch && a.metadataWrite == b.metadataWrite && a.eviction == b.eviction
            && a.vacancy == b.vacancy && a.maxEntries == b.maxEntries
            && instructionsEqual(b.nonmiss, b.id, a.nonmiss, a.id) && instructionsEqual(b.miss, b.id, a.miss, a.id)
            && a.match == b.match && a.mask == b.mask && a.wildcard == b.wildcard
    }

    static func isEmpty(_ i: Summary.Instructions) -> Bool {
        i.next.isEmpty && i.types == 0 && i.write == Summary.Actions() && i.apply == Summary.Actions()
    }

    /// The whole printout, ending with a newline (ovs-ofctl then `puts` it, adding a blank line).
    public static func format(_ tables: [TableFeatures]) -> String {
        var out = ""
        var previous: Summary?
        var firstDitto = -1
        var lastDitto = -1
        func finishDitto() {
            guard firstDitto >= 0 else { return }
            out +=
                firstDitto == lastDitto
                ? "\n  table \(firstDitto): ditto\n" : "\n  tables \(firstDitto)...\(lastDitto): ditto\n"
            firstDitto = -1
        }
        for t in tables {
            let s = summary(t)
            let same = previous.map { featuresEqual(s, $0) } ?? false
            if same && s.name.isEmpty {
                if firstDitto < 0 { firstDitto = Int(s.id) }
                lastDitto = Int(s.id)
                previous = s
                continue
            }
            finishDitto()
            out += "\n  table \(s.id)" + (s.name.isEmpty ? "" : " (\"\(s.name)\")") + ":"
            if same {
                out += " ditto"
                previous = s
                continue
            }
            out += "\n"
            out += body(s, previous)
            previous = s
        }
        finishDitto()
        // Every block starts with a newline; ovs-ofctl drops the very first.
        return out.hasPrefix("\n") ? String(out.dropFirst()) : out
    }

    static func hex(_ v: UInt64) -> String { v == 0 ? "0" : "0x" + String(v, radix: 16) }

    static func body(_ s: Summary, _ prev: Summary?) -> String {
        var out = ""
        if s.metadataMatch != 0 || s.metadataWrite != 0 {
            out += "    metadata: match=\(hex(s.metadataMatch)) write=\(hex(s.metadataWrite))\n"
        }
        out += "    eviction: \(s.eviction ? "" : "not ")supported\n"
        out += "    vacancy events: \(s.vacancy ? "" : "not ")supported\n"
        if s.maxEntries != 0 { out += "    max_entries=\(s.maxEntries)\n" }
        if let prev, instructionsEqual(s.nonmiss, s.id, prev.nonmiss, prev.id),
            instructionsEqual(s.miss, s.id, prev.miss, prev.id)
        {
            if !isEmpty(s.nonmiss) { out += "    (same instructions)\n" }
        } else if !instructionsEqual(s.nonmiss, s.id, s.miss, s.id) {
            out += "    instructions (other than table miss):\n" + instructions(s.nonmiss, prev?.nonmiss)
            out += "    instructions (table miss):\n" + instructions(s.miss, prev?.miss)
        } else if !isEmpty(s.nonmiss) {
            out += "    instructions (table miss and others):\n" + instructions(s.nonmiss, prev?.nonmiss)
        }
        if !s.match.isEmpty {
            if let prev, prev.match == s.match {
                out += "    (same matching)\n"
            } else {
                out += "    matching:\n"
                func group(_ title: String, _ pick: (String) -> Bool) {
                    let list = s.match.filter(pick)
                    if !list.isEmpty { out += "      \(title): " + NameFolding.fold(list) + "\n" }
                }
                group("arbitrary mask") { s.mask.contains($0) && s.wildcard.contains($0) }
                group("exact match or wildcard") { !s.mask.contains($0) && s.wildcard.contains($0) }
                group("must exact match") { !s.mask.contains($0) && !s.wildcard.contains($0) }
            }
        }
        return out
    }

    /// ovs's order of instruction names: meter, apply, clear, write, write_metadata, goto_table.
    static let instructionNames: [(type: UInt32, name: String)] = [
        (6, "meter"), (4, "apply_actions"), (5, "clear_actions"), (3, "write_actions"), (2, "write_metadata"),
        (1, "goto_table"),
    ]

    static func instructions(_ i: Summary.Instructions, _ prev: Summary.Instructions?) -> String {
        var out = ""
        if !i.next.isEmpty {
            var ranges: [String] = []
            let sorted = i.next.sorted().map(Int.init)
            var start = sorted[0]
            var end = start
            for n in sorted.dropFirst() {
                if n == end + 1 {
                    end = n
                    continue
                }
                ranges.append(start == end ? "\(start)" : "\(start)-\(end)")
                start = n
                end = n
            }
            ranges.append(start == end ? "\(start)" : "\(start)-\(end)")
            out += "      next tables: " + ranges.joined(separator: ",") + "\n"
        }
        if i.types != 0 {
            if let prev, prev.types == i.types {
                out += "      (same instructions)\n"
            } else {
                let names = instructionNames.filter { i.types & 1 << $0.type != 0 }.map(\.name)
                out += "      instructions: " + names.joined(separator: " ") + "\n"
            }
        }
        if let prev, prev.write == i.write, prev.apply == i.apply, !i.write.setFields.isEmpty {
            out += "      (same actions)\n"
        } else if i.write != i.apply {
            out += "      Write-Actions features:\n" + actions(i.write)
            out += "      Apply-Actions features:\n" + actions(i.apply)
        } else if i.write.types != 0 || !i.write.setFields.isEmpty {
            out += "      Write-Actions and Apply-Actions features:\n" + actions(i.write)
        }
        return out
    }

    static func actions(_ a: Summary.Actions) -> String {
        var out = ""
        if a.types != 0 { out += "        actions: " + GroupStatsFormatter.actionNames(a.types) + "\n" }
        if !a.setFields.isEmpty {
            out += "        supported on Set-Field: " + NameFolding.fold(a.setFields) + "\n"
        }
        return out
    }
}
