import OpenFlow
import TextSuggestions

/// `load:`, `move:` and `set_field:`: the register actions, encoded as ovs-ofctl encodes them
/// for OpenFlow 1.4 (NXAST_REG_LOAD / REG_MOVE; OFPAT_SET_FIELD for whole fields).
extension ActionParser {
    /// `load:VALUE->DST[range]`: NXAST_REG_LOAD, split into 64-bit pieces for wider fields.
    func load(_ t: Token) throws(SyntaxError) -> [Action] {
        let (valueText, dstText, dstColumn) = try arrow(t)
        let dst = try Subfield.parse(dstText, column: dstColumn)
        let v: UInt128
        do { v = try ValueSyntax.integer(valueText, bytes: 16) } catch {
            throw SyntaxError("load: \(error.message)", column: t.valueColumn, token: valueText, expected: "a number")
        }
        guard dst.nBits >= 128 || v >> dst.nBits == 0 else {
            throw SyntaxError(
                "load: value \(valueText) does not fit into \(dst.nBits) bits", column: t.valueColumn, token: valueText)
        }
        return Self.regLoads(field: dst.field, offset: dst.offset, nBits: dst.nBits, value: v)
    }

    static func regLoads(field: TextField, offset: Int, nBits: Int, value: UInt128) -> [Action] {
        var list: [Action] = []
        var done = 0
        while done < nBits {
            let n = min(64, nBits - done)
            let piece = UInt64(truncatingIfNeeded: value >> done) & (n == 64 ? .max : (1 << n) - 1)
            list.append(
                .nicira(
                    .regLoad(
                        .init(
                            offset: UInt16(offset + done), nBits: UInt8(n), dst: OXMHeader(field.registerHeader),
                            value: piece))))
            done += n
        }
        return list
    }

    func move(_ t: Token) throws(SyntaxError) -> Action {
        let (srcText, dstText, dstColumn) = try arrow(t)
        let src = try Subfield.parse(srcText, column: t.valueColumn)
        let dst = try Subfield.parse(dstText, column: dstColumn)
        guard src.nBits == dst.nBits else {
            throw SyntaxError(
                "move: source is \(src.nBits) bits but destination is \(dst.nBits)", column: t.column, token: t.text)
        }
        return .nicira(
            .regMove(
                .init(
                    nBits: UInt16(src.nBits), srcOffset: UInt16(src.offset), dstOffset: UInt16(dst.offset),
                    src: src.header, dst: dst.header)))
    }

    /// `set_field:VALUE[/MASK]->FIELD`: OFPAT_SET_FIELD for a whole field, reg_load for part of one.
    func setField(_ t: Token) throws(SyntaxError) -> [Action] {
        let (valueText, dstText, dstColumn) = try arrow(t)
        guard let field = FieldTable.named(dstText) else {
            throw SyntaxError(
                "unknown field '\(dstText)'", column: dstColumn, token: dstText,
                suggestion: DidYouMean.suggestion(for: dstText, among: FieldTable.names))
        }
        let v: MaskedValue
        do { v = try ValueSyntax.parse(valueText, format: field.format, bytes: field.bytes) } catch {
            throw SyntaxError(
                "set_field: \(error.message)", column: t.valueColumn, token: valueText,
                expected: MatchParser.describe(field.format))
        }
        guard let mask = v.mask else {
            return [.setField(OXMField(id: field.oxm, value: OXMValue(v.value, width: field.bytes)))]
        }
        // Each run of set mask bits becomes one load, as OVS splits it.
        var list: [Action] = []
        var bit = 0
        while bit < field.bits {
            guard mask >> bit & 1 == 1 else {
                bit += 1
                continue
            }
            var end = bit
            while end < field.bits && mask >> end & 1 == 1 && end - bit < 64 { end += 1 }
            list += Self.regLoads(field: field, offset: bit, nBits: end - bit, value: (v.value >> bit))
            bit = end
        }
        return list
    }

    func arrow(_ t: Token) throws(SyntaxError) -> (String, String, Int) {
        let text = t.value ?? ""
        let sides = text.pieces(separatedBy: "->")
        guard sides.count == 2 else {
            throw SyntaxError("\(t.key) needs '->'", column: t.column, token: t.text, expected: "\(t.key):SRC->DST")
        }
        let left = sides[0]
        let right = sides[1]
        return (left, right, t.valueColumn + left.count + 2)
    }
}
