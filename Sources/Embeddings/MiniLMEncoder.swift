import COpenBLASOnDemand
import Dispatch

/// The all-MiniLM-L6-v2 sentence embedder in pure Swift: WordPiece tokenization, the 6-layer BERT
/// encoder (matrix products through OpenBLAS `cblas_sgemm`), mean pooling over the tokens and L2
/// normalization, giving a unit-length 384-dimensional vector per text.
///
/// The weights are immutable, so one encoder can be shared by any number of threads.
public struct MiniLMEncoder: Sendable {
    /// Length of every embedding vector.
    public static let dimension = MiniLMArchitecture.hiddenWidth
    /// The sha256 of the `model.safetensors` these weights come from (checked by `scripts/fetch-model.sh`).
    public static let weightsSHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    /// A stable name for the vectors this encoder produces; store it beside stored embeddings so that
    /// vectors from a different model or weights are never compared with these.
    public static let identifier = "all-MiniLM-L6-v2@" + weightsSHA256.prefix(8)

    /// Tokens per work item when embedding many texts; large enough for efficient matrix products,
    /// small enough that both cores stay busy to the end.
    private static let tokensPerBatch = 512

    /// The tokenizer that turns text into this model's token ids.
    public let tokenizer: WordPieceTokenizer
    /// How the dense layers' weights are kept.
    public let precision: WeightPrecision
    private let embeddings: BERTEmbeddings
    private let layers: [BERTLayer]

    /// Loads the model from `location` (by default `$HBC_MODEL_DIR` or the user cache directory), keeping the dense
    /// layers' weights in `precision` (see ``WeightPrecision``: float32 by default, half for a server's queries).
    ///
    /// Also limits OpenBLAS to one thread per call: the encoder parallelizes over texts instead,
    /// which is faster for the small matrices of short texts.
    ///
    /// - Throws: ``EmbeddingModelError`` (files missing or not this model's) or ``SafeTensorsError``
    ///   (weights file corrupt).
    public init(
        location: EmbeddingModelLocation = EmbeddingModelLocation(), precision: WeightPrecision = .single
    ) throws {
        try location.requireFiles()
        tokenizer = try WordPieceTokenizer(vocabularyFile: location.vocabularyFile)
        self.precision = precision
        let weights = try CheckpointWeights(file: SafeTensorsFile(contentsOf: location.weightsFile))
        embeddings = try BERTEmbeddings(weights: weights)
        layers = try (0..<MiniLMArchitecture.layerCount).map {
            try BERTLayer(weights: weights, index: $0, precision: precision)
        }
        openblas_set_num_threads(1)
    }

    /// The unit-length embedding of `text`.
    public func embed(_ text: String) -> [Float] {
        encode([tokenizer.tokenIDs(for: text)][...])[0]
    }

    /// The unit-length embeddings of `texts`, in order, computed on all cores.
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(tokenIDSequences: texts.map(tokenizer.tokenIDs(for:)))
    }

    /// The unit-length embeddings of already tokenized inputs (each `[CLS] … [SEP]`), in order,
    /// computed on all cores.
    ///
    /// - Precondition: every sequence has 1 to 512 ids, each below 30522.
    public func embed(tokenIDSequences sequences: [[Int]]) -> [[Float]] {
        let batches = Self.batchRanges(for: sequences)
        guard batches.count > 1 else { return sequences.isEmpty ? [] : encode(sequences[...]) }
        var vectors = [[Float]](repeating: [], count: sequences.count)
        vectors.withUnsafeMutableBufferPointer { vectors in
            // Safe to share: each batch writes only its own, disjoint range of indices.
            nonisolated(unsafe) let output = vectors
            DispatchQueue.concurrentPerform(iterations: batches.count) { batchIndex in
                let batch = batches[batchIndex]
                for (offset, vector) in encode(sequences[batch]).enumerated() {
                    output[batch.lowerBound + offset] = vector
                }
            }
        }
        return vectors
    }

    /// Splits `sequences` into consecutive runs of about ``tokensPerBatch`` tokens each.
    private static func batchRanges(for sequences: [[Int]]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var tokens = 0
        for (index, sequence) in sequences.enumerated() {
            tokens += sequence.count
            if tokens >= tokensPerBatch {
                ranges.append(start..<(index + 1))
                start = index + 1
                tokens = 0
            }
        }
        if start < sequences.count { ranges.append(start..<sequences.count) }
        return ranges
    }

    /// Runs the encoder on one packed batch on the calling thread: all sequences' tokens share
    /// each layer's matrix products; attention stays within each sequence.
    private func encode(_ sequences: ArraySlice<[Int]>) -> [[Float]] {
        var rowRanges: [Range<Int>] = []
        rowRanges.reserveCapacity(sequences.count)
        var tokenCount = 0
        for sequence in sequences {
            precondition(!sequence.isEmpty, "an empty token sequence has no embedding")
            rowRanges.append(tokenCount..<(tokenCount + sequence.count))
            tokenCount += sequence.count
        }
        let workspace = EncoderWorkspace(
            tokenCount: tokenCount, longestSequence: sequences.map(\.count).max() ?? 0)
        let width = MiniLMArchitecture.hiddenWidth
        for (sequence, rows) in zip(sequences, rowRanges) {
            embeddings.embed(sequence, into: workspace.hidden + rows.lowerBound * width)
        }
        if precision == .half { embeddings.releaseWordEmbeddingPages() }
        for layer in layers {
            layer.apply(to: workspace, sequences: rowRanges)
        }
        return rowRanges.map { rows in Self.meanPooledUnitVector(workspace.hidden, rows: rows) }
    }

    /// The mean of the hidden states in `rows`, scaled to unit length (so the sum is scaled directly).
    private static func meanPooledUnitVector(_ hidden: UnsafeMutablePointer<Float>, rows: Range<Int>) -> [Float] {
        let width = MiniLMArchitecture.hiddenWidth
        var pooled = [Float](repeating: 0, count: width)
        for row in rows {
            let values = hidden + row * width
            for column in 0..<width { pooled[column] += values[column] }
        }
        var squaredNorm: Float = 0
        for value in pooled { squaredNorm += value * value }
        let scale = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
        for column in 0..<width { pooled[column] *= scale }
        return pooled
    }
}
