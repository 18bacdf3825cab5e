/// The search index of a bundle: the documents, and their embedding vectors when an embedder was used.
public struct SearchIndexContent: Sendable, Hashable {
    /// Every searchable unit, in index order (operations by id, then doc sections in page order).
    public var documents: [SearchDocument]
    /// The embedder, or `nil` for a lexical-only index.
    public var embedder: EmbedderDescriptor?
    /// One packed vector per document (same order), as the embedder's storage format; empty without an embedder.
    public var vectors: [[UInt8]]

    /// An index.
    public init(documents: [SearchDocument], embedder: EmbedderDescriptor?, vectors: [[UInt8]]) {
        self.documents = documents
        self.embedder = embedder
        self.vectors = vectors
    }
}

/// Which model produced a bundle's vectors, and how they are stored.
public struct EmbedderDescriptor: Sendable, Hashable, Codable {
    /// A stable id of the model and its weights, such as `all-MiniLM-L6-v2@53aa5117`.
    public var id: String
    /// SHA-256 of the weights file.
    public var weightsSHA256: String
    /// Components per vector.
    public var dimension: Int
    /// How a vector is stored: `float16-le` (IEEE half precision, little-endian).
    public var encoding: String

    /// An embedder descriptor.
    public init(id: String, weightsSHA256: String, dimension: Int, encoding: String) {
        self.id = id
        self.weightsSHA256 = weightsSHA256
        self.dimension = dimension
        self.encoding = encoding
    }
}
