import CEightBitKernels
import CHalfPrecisionKernels
import COpenBLASOnDemand

/// A fully connected layer, `y = x·Wᵀ + b`, evaluated for many rows at once.
struct DenseLayer: Sendable {
    /// The weights in the precision the encoder keeps them in.
    enum Weights: Sendable {
        /// Float32 read in place from the checkpoint, multiplied with `cblas_sgemm`.
        case single(FloatTensor)
        /// Binary16, multiplied by ``hbc_half_weight_product``.
        case half(HalfPrecisionMatrix)
        /// Eight-bit integers, multiplied by ``hbc_eight_bit_product``.
        case eightBit(EightBitMatrix)
    }

    /// Width of each input row.
    let inputWidth: Int
    /// Width of each output row.
    let outputWidth: Int
    /// Row-major `[outputWidth, inputWidth]`, PyTorch's `nn.Linear` layout.
    let weight: Weights
    /// `[outputWidth]`.
    let bias: [Float]

    /// A layer over `weight`, kept in `precision`: in half precision or eight bits the float32 weights are converted,
    /// and their pages of the mapped checkpoint released. Eight bits needs whole blocks of columns
    /// (``EightBitMatrix/fits(outputWidth:inputWidth:)``); other shapes stay float32.
    init(inputWidth: Int, outputWidth: Int, weight: FloatTensor, bias: [Float], precision: WeightPrecision) {
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        self.bias = bias
        switch precision {
        case .single:
            self.weight = .single(weight)
        case .half:
            self.weight = .half(HalfPrecisionMatrix(converting: weight))
            weight.releaseResidentPages()
        case .eightBit where EightBitMatrix.fits(outputWidth: outputWidth, inputWidth: inputWidth):
            self.weight = .eightBit(
                EightBitMatrix(converting: weight, outputWidth: outputWidth, inputWidth: inputWidth))
            weight.releaseResidentPages()
        case .eightBit:
            self.weight = .single(weight)
        }
    }

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
        switch weight {
        case .single(let weight):
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans,
                Int32(rows), Int32(outputWidth), Int32(inputWidth),
                1, input, Int32(inputWidth),
                weight.values, Int32(inputWidth),
                1, output, Int32(stride))
        case .half(let weight):
            hbc_half_weight_product(rows, input, inputWidth, weight.values, outputWidth, output, stride)
        case .eightBit(let weight):
            hbc_eight_bit_product(
                rows, input, inputWidth, weight.packed, weight.scales, weight.sums, outputWidth, output, stride)
        }
    }
}
