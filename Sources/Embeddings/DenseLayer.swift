import COpenBLAS

/// A fully connected layer, `y = x·Wᵀ + b`, evaluated for many rows at once with `cblas_sgemm`.
struct DenseLayer: Sendable {
    /// Width of each input row.
    let inputWidth: Int
    /// Width of each output row.
    let outputWidth: Int
    /// Row-major `[outputWidth, inputWidth]`, PyTorch's `nn.Linear` layout.
    let weight: [Float]
    /// `[outputWidth]`.
    let bias: [Float]

    /// Stacks layers that read the same input into one wider layer (their outputs side by side).
    static func concatenating(_ layers: [DenseLayer]) -> DenseLayer {
        DenseLayer(
            inputWidth: layers[0].inputWidth,
            outputWidth: layers.reduce(0) { $0 + $1.outputWidth },
            weight: layers.flatMap(\.weight),
            bias: layers.flatMap(\.bias))
    }

    /// Writes `input·Wᵀ + b (+ residual)` for `rows` rows into `output`.
    ///
    /// - Parameters:
    ///   - input: `rows × inputWidth`, row-major.
    ///   - output: `rows × outputWidth`, row-major; must not overlap `input`.
    ///   - residual: optional `rows × outputWidth` matrix added to the result; may not overlap `output`.
    func apply(
        to input: UnsafePointer<Float>, rows: Int, writingTo output: UnsafeMutablePointer<Float>,
        addingResidual residual: UnsafePointer<Float>? = nil
    ) {
        bias.withUnsafeBufferPointer { bias in
            for row in 0..<rows {
                let destination = output + row * outputWidth
                if let residual {
                    let source = residual + row * outputWidth
                    for column in 0..<outputWidth { destination[column] = bias[column] + source[column] }
                } else {
                    destination.update(from: bias.baseAddress!, count: outputWidth)
                }
            }
        }
        weight.withUnsafeBufferPointer { weight in
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans,
                Int32(rows), Int32(outputWidth), Int32(inputWidth),
                1, input, Int32(inputWidth),
                weight.baseAddress, Int32(inputWidth),
                1, output, Int32(outputWidth))
        }
    }
}
