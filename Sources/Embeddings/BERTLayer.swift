import COpenBLASOnDemand
import Foundation

/// One BERT transformer layer: multi-head self-attention and a GELU feed-forward block, each
/// followed by a residual connection and LayerNorm (post-norm, as in the original BERT).
struct BERTLayer: Sendable {
    /// The query, key and value projections, written side by side into one `rows × 3·hidden` matrix.
    let queryKeyValue: [DenseLayer]
    /// `attention.output.dense`.
    let attentionOutput: DenseLayer
    /// `attention.output.LayerNorm`.
    let attentionNormalization: LayerNormalization
    /// `intermediate.dense` (followed by GELU).
    let intermediate: DenseLayer
    /// `output.dense`.
    let output: DenseLayer
    /// `output.LayerNorm`.
    let outputNormalization: LayerNormalization

    /// Loads `encoder.layer.<index>.*`, keeping the dense layers' weights in `precision`.
    init(weights: CheckpointWeights, index: Int, precision: WeightPrecision) throws {
        let prefix = "encoder.layer.\(index)."
        let hidden = MiniLMArchitecture.hiddenWidth
        let inner = MiniLMArchitecture.intermediateWidth
        let epsilon = MiniLMArchitecture.layerNormEpsilon
        queryKeyValue = try ["query", "key", "value"].map { projection in
            try weights.denseLayer(
                prefix + "attention.self." + projection, inputWidth: hidden, outputWidth: hidden, precision: precision)
        }
        attentionOutput = try weights.denseLayer(
            prefix + "attention.output.dense", inputWidth: hidden, outputWidth: hidden, precision: precision)
        attentionNormalization = try weights.layerNormalization(
            prefix + "attention.output.LayerNorm", width: hidden, epsilon: epsilon)
        intermediate = try weights.denseLayer(
            prefix + "intermediate.dense", inputWidth: hidden, outputWidth: inner, precision: precision)
        output = try weights.denseLayer(
            prefix + "output.dense", inputWidth: inner, outputWidth: hidden, precision: precision)
        outputNormalization = try weights.layerNormalization(
            prefix + "output.LayerNorm", width: hidden, epsilon: epsilon)
    }

    /// Transforms `workspace.hidden` in place for a batch whose sequences occupy the row ranges
    /// `sequences` (tokens of different sequences never attend to each other).
    func apply(to workspace: EncoderWorkspace, sequences: [Range<Int>]) {
        let rows = workspace.rowCount
        let hidden = MiniLMArchitecture.hiddenWidth
        for (index, projection) in queryKeyValue.enumerated() {
            projection.apply(
                to: workspace.hidden, rows: rows, writingTo: workspace.queryKeyValue + index * hidden,
                outputStride: 3 * hidden)
        }
        for sequence in sequences {
            attend(sequence, in: workspace)
        }
        attentionOutput.apply(
            to: workspace.attentionContext, rows: rows, writingTo: workspace.attended, addingResidual: workspace.hidden)
        attentionNormalization.normalize(workspace.attended, rows: rows)
        intermediate.apply(to: workspace.attended, rows: rows, writingTo: workspace.intermediate)
        GELU.apply(workspace.intermediate, count: rows * intermediate.outputWidth)
        output.apply(
            to: workspace.intermediate, rows: rows, writingTo: workspace.hidden, addingResidual: workspace.attended)
        outputNormalization.normalize(workspace.hidden, rows: rows)
    }

    /// Scaled dot-product attention of every head over one sequence's rows, writing the heads'
    /// outputs side by side into `workspace.attentionContext`.
    private func attend(_ sequence: Range<Int>, in workspace: EncoderWorkspace) {
        let hidden = MiniLMArchitecture.hiddenWidth
        let headWidth = MiniLMArchitecture.attentionHeadWidth
        let length = sequence.count
        let stride = 3 * hidden
        let scale = 1 / Float(headWidth).squareRoot()
        let scores = workspace.attentionScores
        for head in 0..<MiniLMArchitecture.attentionHeadCount {
            let queries = workspace.queryKeyValue + sequence.lowerBound * stride + head * headWidth
            let keys = queries + hidden
            let values = queries + 2 * hidden
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans,
                Int32(length), Int32(length), Int32(headWidth),
                scale, queries, Int32(stride),
                keys, Int32(stride),
                0, scores, Int32(length))
            Self.softmaxRows(scores, rows: length, width: length)
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans,
                Int32(length), Int32(headWidth), Int32(length),
                1, scores, Int32(length),
                values, Int32(stride),
                0, workspace.attentionContext + sequence.lowerBound * hidden + head * headWidth, Int32(hidden))
        }
    }

    /// Replaces each row of a `rows × width` matrix by its softmax.
    private static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let values = matrix + row * width
            var largest = values[0]
            for index in 1..<width where values[index] > largest { largest = values[index] }
            var sum: Float = 0
            for index in 0..<width {
                let exponential = exp(values[index] - largest)
                values[index] = exponential
                sum += exponential
            }
            let inverseSum = 1 / sum
            for index in 0..<width { values[index] *= inverseSum }
        }
    }
}
