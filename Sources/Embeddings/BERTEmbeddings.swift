/// BERT's input layer: word + position + token-type-0 embeddings, then LayerNorm.
struct BERTEmbeddings: Sendable {
    /// `[vocabularySize, hiddenWidth]`, read in place from the checkpoint (only the rows of tokens seen are loaded).
    let wordEmbeddings: FloatTensor
    /// `[maximumPositions, hiddenWidth]`, read in place (only the positions of the longest text seen are loaded).
    let positionEmbeddings: FloatTensor
    /// The embedding of token type 0 (every token of a single-sentence input), `[hiddenWidth]`.
    let tokenTypeEmbedding: [Float]
    /// The LayerNorm applied to the summed embeddings.
    let normalization: LayerNormalization

    /// Loads the `embeddings.*` tensors.
    init(weights: CheckpointWeights) throws {
        let width = MiniLMArchitecture.hiddenWidth
        wordEmbeddings = try weights.floatTensor(
            "embeddings.word_embeddings.weight", shape: [MiniLMArchitecture.vocabularySize, width])
        wordEmbeddings.adviseRandomAccess()
        positionEmbeddings = try weights.floatTensor(
            "embeddings.position_embeddings.weight", shape: [MiniLMArchitecture.maximumPositions, width])
        tokenTypeEmbedding = Array(
            try weights.tensor("embeddings.token_type_embeddings.weight", shape: [2, width])[0..<width])
        normalization = try weights.layerNormalization(
            "embeddings.LayerNorm", width: width, epsilon: MiniLMArchitecture.layerNormEpsilon)
    }

    /// Drops the word-embedding rows read so far from resident memory (they are read from the file again when needed).
    func releaseWordEmbeddingPages() {
        wordEmbeddings.releaseResidentPages()
    }

    /// Writes the embedded, normalized rows of one sequence of token ids to `output`.
    ///
    /// - Precondition: every id is in the vocabulary and the sequence fits the position table.
    func embed(_ tokenIDs: [Int], into output: UnsafeMutablePointer<Float>) {
        let width = MiniLMArchitecture.hiddenWidth
        precondition(
            tokenIDs.count <= MiniLMArchitecture.maximumPositions, "sequence longer than the model's position table")
        let words = wordEmbeddings.values
        let positions = positionEmbeddings.values
        tokenTypeEmbedding.withUnsafeBufferPointer { tokenType in
            for (position, tokenID) in tokenIDs.enumerated() {
                precondition(
                    tokenID >= 0 && tokenID < MiniLMArchitecture.vocabularySize,
                    "token id \(tokenID) outside the vocabulary")
                let row = output + position * width
                let word = tokenID * width
                let place = position * width
                for column in 0..<width {
                    row[column] = words[word + column] + positions[place + column] + tokenType[column]
                }
            }
        }
        normalization.normalize(output, rows: tokenIDs.count)
    }
}
