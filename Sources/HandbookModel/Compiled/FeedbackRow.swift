/// A compiled feedback entry as the bundle's `feedback` table holds it: the entry and, when the bundle has search
/// vectors, the embedding of its request (with the values it states left out) by the bundle's embedder.
public struct FeedbackRow: Sendable, Hashable {
    /// The entry.
    public var entry: FeedbackEntry
    /// The request's embedding as little-endian float16, or `nil` in a lexical-only bundle.
    public var vector: [UInt8]?

    /// A row.
    public init(entry: FeedbackEntry, vector: [UInt8]? = nil) {
        self.entry = entry
        self.vector = vector
    }
}
