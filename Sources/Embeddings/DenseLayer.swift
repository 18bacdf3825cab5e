import COpenBLAS

/// A fully connected layer, `y = x·Wᵀ + b`, evaluated for many rows at once with `cblas_sgemm`.
struct DenseLayer: Sendable {
    /// Width of each input row.
    let inputWidth: Int
    /// Width of each output row.
    let outputWidth: Int
    /// Row-major `[outputWidth, inputWidth]`, PyTorch's `nn.Linear` layout (read in place from the checkpoint).
    let weight: FloatTensor
    /// `[outputWidth]`.
    let bias: [Float]

    /// Writes `input·Wᵀ + b (+ residual)` for `rows` rows into `output`.
    ///
    /// - Parameters:
    ///   - input: `rows × inputWidth`, row-major.
    ///   - output: `rows` rows of `outputWidth` values, `outputStride` values apart (by default `outputWidth`, so
    ///     several layers may write side by side into one wider matrix); must not overlap `input`.
    ///   - residual: optional `rows × outputWidth` matrix added to the result; may not overlap `output`.
    func apply(
        to input: UnsafePointer<Float>, rows: Int, writingTo output: UnsafeMutablePointer<Float>,
        outputStride: Int? = nil, addingResidual residual: UnsafePointer<Float>? = nil
    ) {
        let stride = outputStride ?? outputWidth
        bias.withUnsafeBufferPointer { bias in
            for row in 0..<rows {
                let destination = output + row * stride
                if let residual {
                    let source = residual + row * outputWidth
                    for column in 0..<outputWidth { destination[column] = bias[column] + source[column] }
                } else {
                    destination.update(from: bias.baseAddress!, count: outputWidth)
                }
            }
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(outputWidth), Int32(inputWidth),
            1, input, Int32(inputWidth),
            weight.values, Int32(inputWidth),
            1, output, Int32(stride))
    }
}
