import NIOCore

/// An instruction list as it goes on the wire, to compare with what a switch reports
/// (`FlowStats.hasInstructionBytes(_:)`) without decoding the switch's side.
public struct EncodedInstructions: Sendable {
    let bytes: ByteBuffer

    public init(_ instructions: [Instruction]) {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        Instruction.writeList(instructions, into: &buffer)
        bytes = buffer
    }
}
