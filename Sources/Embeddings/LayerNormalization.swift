/// Layer normalization over the last dimension: `(x − mean) / sqrt(variance + ε) · gain + shift`.
struct LayerNormalization: Sendable {
    /// Per-feature scale (`LayerNorm.weight`).
    let gain: [Float]
    /// Per-feature offset (`LayerNorm.bias`).
    let shift: [Float]
    /// Added to the variance for numerical safety (BERT uses 1e-12).
    let epsilon: Float

    /// Normalizes `rows` consecutive rows of width `gain.count`, in place.
    func normalize(_ matrix: UnsafeMutablePointer<Float>, rows: Int) {
        let width = gain.count
        gain.withUnsafeBufferPointer { gain in
            shift.withUnsafeBufferPointer { shift in
                for row in 0..<rows {
                    let values = matrix + row * width
                    var sum: Float = 0
                    for index in 0..<width { sum += values[index] }
                    let mean = sum / Float(width)
                    var squares: Float = 0
                    for index in 0..<width {
                        let centered = values[index] - mean
                        squares += centered * centered
                    }
                    let inverseDeviation = 1 / (squares / Float(width) + epsilon).squareRoot()
                    for index in 0..<width {
                        values[index] = (values[index] - mean) * inverseDeviation * gain[index] + shift[index]
                    }
                }
            }
        }
    }
}
