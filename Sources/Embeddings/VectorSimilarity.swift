/// Similarity measures between embedding vectors.
public enum VectorSimilarity {
    /// The dot product of two equally long vectors; for unit-length embeddings (as
    /// ``MiniLMEncoder`` produces) this is their cosine similarity.
    ///
    /// - Precondition: `a.count == b.count`.
    public static func dotProduct(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "vectors of different lengths: \(a.count) and \(b.count)")
        var sum: Float = 0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }

    /// The cosine of the angle between two equally long vectors of any length (0 if either is zero).
    ///
    /// - Precondition: `a.count == b.count`.
    public static func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        let norms = dotProduct(a, a).squareRoot() * dotProduct(b, b).squareRoot()
        return norms > 0 ? dotProduct(a, b) / norms : 0
    }
}
