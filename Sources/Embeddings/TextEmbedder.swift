/// What turns texts into unit-length vectors for search: the documents of a bundle when it is built, and the queries
/// searching it. ``MiniLMEncoder`` in production; tests use a small stand-in, so vector search and the index stage are
/// tested without the 90 MB model.
///
/// Documents and queries must be embedded by the same embedder: bundles record its ``identifier``, and vectors of
/// another identifier are never compared with its own.
public protocol TextEmbedder: Sendable {
    /// A stable name for the vectors this embedder produces (model and weights).
    var identifier: String { get }
    /// ``identifier`` and the arithmetic that computed the vectors, for caches that must not mix vectors computed
    /// differently (eight-bit and float32 products of the same model); by default ``identifier``.
    var computationIdentifier: String { get }
    /// The sha256 of the weights, recorded in bundles beside the identifier.
    var weightsSHA256: String { get }
    /// Length of every vector.
    var dimension: Int { get }

    /// The unit-length embeddings of `texts`, in order.
    func embed(_ texts: [String]) -> [[Float]]

    /// The unit-length embedding of `text` (by default, the first of ``embed(_:)-([String])``).
    func embed(_ text: String) -> [Float]
}

extension TextEmbedder {
    public var computationIdentifier: String { identifier }

    /// The unit-length embedding of `text`.
    public func embed(_ text: String) -> [Float] {
        embed([text])[0]
    }
}

extension MiniLMEncoder: TextEmbedder {
    public var identifier: String { Self.identifier }
    public var computationIdentifier: String { Self.identifier + precision.vectorSuffix }
    public var weightsSHA256: String { Self.weightsSHA256 }
    public var dimension: Int { Self.dimension }
}
