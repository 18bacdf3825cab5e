/// Scratch matrices for one forward pass over a packed batch of token sequences.
///
/// Allocated once per batch (never per token) and used by a single thread. The row count is
/// rounded up to a multiple of ``rowAlignment`` with zero padding rows: OpenBLAS's kernels are
/// markedly slower for other row counts (measured: 11 rows take 2.4× as long as 12), which
/// dominates the latency of short queries. Padding rows flow through the row-wise layers but
/// are never attended to or pooled.
final class EncoderWorkspace {
    /// Row counts are multiples of this.
    static let rowAlignment = 4

    /// Rows of every token matrix: the batch's token count rounded up to a multiple of ``rowAlignment``.
    let rowCount: Int
    /// Hidden states, `rowCount × hiddenWidth`; holds each layer's input and output.
    let hidden: UnsafeMutablePointer<Float>
    /// Queries, keys and values side by side, `rowCount × 3·hiddenWidth`.
    let queryKeyValue: UnsafeMutablePointer<Float>
    /// Concatenated attention-head outputs, `rowCount × hiddenWidth`.
    let attentionContext: UnsafeMutablePointer<Float>
    /// Hidden states after the attention sub-layer, `rowCount × hiddenWidth`.
    let attended: UnsafeMutablePointer<Float>
    /// Feed-forward inner activations, `rowCount × intermediateWidth`.
    let intermediate: UnsafeMutablePointer<Float>
    /// Attention probabilities of one head of one sequence, `longest × longest`.
    let attentionScores: UnsafeMutablePointer<Float>

    /// Allocates room for `tokenCount` tokens whose longest sequence has `longestSequence` tokens.
    init(tokenCount: Int, longestSequence: Int) {
        let width = MiniLMArchitecture.hiddenWidth
        let rowCount = (tokenCount + Self.rowAlignment - 1) / Self.rowAlignment * Self.rowAlignment
        self.rowCount = rowCount
        hidden = .allocate(capacity: rowCount * width)
        queryKeyValue = .allocate(capacity: 3 * rowCount * width)
        attentionContext = .allocate(capacity: rowCount * width)
        attended = .allocate(capacity: rowCount * width)
        intermediate = .allocate(capacity: rowCount * MiniLMArchitecture.intermediateWidth)
        attentionScores = .allocate(capacity: longestSequence * longestSequence)
        let paddingValues = (rowCount - tokenCount) * width
        (hidden + tokenCount * width).initialize(repeating: 0, count: paddingValues)
        (attentionContext + tokenCount * width).initialize(repeating: 0, count: paddingValues)
    }

    deinit {
        hidden.deallocate()
        queryKeyValue.deallocate()
        attentionContext.deallocate()
        attended.deallocate()
        intermediate.deallocate()
        attentionScores.deallocate()
    }
}
