import OVSDB

/// What a replica's subscribers see, in order.
public enum ReplicaEvent: Sendable, Hashable {
    /// Connected and synchronised. `resumed`: the server still had our last transaction, so only
    /// what changed while we were away was sent.
    case synchronized(resumed: Bool)
    /// Rows changed (each change exactly once, also across reconnects).
    case changes([RowChange])
    /// The connection was lost; the replica keeps its last contents and reconnects.
    case disconnected(String)
}
