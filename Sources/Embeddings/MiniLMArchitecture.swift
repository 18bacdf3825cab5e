/// The fixed hyper-parameters of all-MiniLM-L6-v2 (a 6-layer uncased BERT).
enum MiniLMArchitecture {
    /// Width of every token's hidden state and of the sentence embedding.
    static let hiddenWidth = 384
    /// Number of attention heads per layer.
    static let attentionHeadCount = 12
    /// Width of one attention head.
    static let attentionHeadWidth = hiddenWidth / attentionHeadCount
    /// Width of the feed-forward block's inner layer.
    static let intermediateWidth = 1536
    /// Number of transformer layers.
    static let layerCount = 6
    /// Number of learned position embeddings (the longest sequence the model can take).
    static let maximumPositions = 512
    /// Number of WordPiece tokens.
    static let vocabularySize = 30522
    /// LayerNorm epsilon.
    static let layerNormEpsilon: Float = 1e-12
}
