import HandbookModel

/// The feedback entry closest to a request, when one is close enough to steer it (``FeedbackSteering``).
public struct FeedbackMatch: Sendable {
    /// The entry.
    public var entry: FeedbackEntry
    /// The share of meaningful words the two requests have in common (Jaccard over word stems, values left out).
    public var overlap: Double
    /// The cosine similarity of the two requests' embeddings, when both have one.
    public var similarity: Double?

    /// A match.
    public init(entry: FeedbackEntry, overlap: Double, similarity: Double?) {
        self.entry = entry
        self.overlap = overlap
        self.similarity = similarity
    }

    /// Why the entry applies, for a proposal's or a hit's reasons.
    var reason: String {
        let closeness = similarity.map { "similarity \(Self.rounded($0))" } ?? "word overlap \(Self.rounded(overlap))"
        return "feedback for \"\(entry.request)\"" + (entry.location.map { " (\($0))" } ?? "") + ", \(closeness)"
    }

    private static func rounded(_ value: Double) -> String {
        String(Double((value * 100).rounded()) / 100)
    }
}
