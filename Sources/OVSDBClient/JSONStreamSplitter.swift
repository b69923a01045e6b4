/// Cuts a byte stream with no framing into complete JSON texts, as OVSDB's JSON-RPC needs: a message
/// ends where its outermost brace or bracket closes. Braces inside strings (with their escapes) do
/// not count. It works on bytes, so a multi-byte UTF-8 character split across two reads is simply
/// carried over; the full message is decoded only once it is complete.
public struct JSONStreamSplitter: Sendable {
    public enum SplitError: Error, Equatable, CustomStringConvertible {
        /// A message grew beyond the limit before it closed.
        case messageTooLarge(limit: Int)
        /// Something other than an object or array where a message should start.
        case unexpectedByte(UInt8)
        /// A closing brace or bracket that does not match the opening one.
        case mismatchedBracket

        public var description: String {
            switch self {
            case .messageTooLarge(let limit): return "JSON-RPC message larger than \(limit) bytes"
            case .unexpectedByte(let byte):
                return "unexpected byte 0x\(String(byte, radix: 16)) between JSON-RPC messages"
            case .mismatchedBracket: return "mismatched bracket in JSON-RPC message"
            }
        }
    }

    public let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    /// Open brackets of the message being read (`{` or `[`); empty between messages.
    private var stack: [UInt8] = []
    private var inString = false
    private var escaped = false

    public init(maximumMessageSize: Int = 64 * 1024 * 1024) {
        self.maximumMessageSize = maximumMessageSize
    }

    /// Bytes of a message not yet complete.
    public var pendingByteCount: Int { buffer.count }

    /// Feeds bytes and returns every message they complete, in order. After an error the splitter
    /// is unusable: the stream has lost its framing and the connection must be reset.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(SplitError) -> [[UInt8]] {
        let input = Array(bytes)
        var messages: [[UInt8]] = []
        // Start of the part of `input` that belongs to the current message (copied in one go).
        var start = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            if stack.isEmpty {
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D:
                    start = index
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    stack.append(byte)
                    start = index - 1
                    continue
                default:
                    throw .unexpectedByte(byte)
                }
            }
            if buffer.count + (index - start) > maximumMessageSize {
                throw .messageTooLarge(limit: maximumMessageSize)
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                stack.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let open = stack.removeLast()
                guard (open == UInt8(ascii: "{")) == (byte == UInt8(ascii: "}")) else { throw .mismatchedBracket }
                if stack.isEmpty {
                    buffer += input[start..<index]
                    messages.append(buffer)
                    buffer = []
                    start = index
                }
            default:
                break
            }
        }
        if !stack.isEmpty, start < input.count { buffer += input[start...] }
        return messages
    }
}
