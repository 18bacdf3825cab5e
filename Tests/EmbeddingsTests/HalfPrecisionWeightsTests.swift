import Foundation
import Testing

@testable import Embeddings

/// Dense layers whose weights are kept in half precision: the conversion rounds as Swift's `Float16` does, and the
/// product equals float32 arithmetic on the rounded weights.
@Suite("half-precision dense weights")
struct HalfPrecisionWeightsTests {
    @Test("conversion rounds to nearest, ties to even, like Float16, for normals, subnormals, ties and overflow")
    func conversionMatchesFloat16() {
        var samples =
            pseudoRandomValues(count: 10_000, scale: 4, seed: 1) + pseudoRandomValues(count: 1000, scale: 1e-5, seed: 2)
        // Exact ties between two binary16 values, subnormal ones, the largest finite value and beyond.
        samples += [1 + 1.0 / 2048, 1 + 3.0 / 2048, 0.000_030_517_578_125 + 0x1p-25, 65504, 65520, 1e6, -0.0, 0]
        let matrix = HalfPrecisionMatrix(converting: FloatTensor(copying: samples))
        for (index, sample) in samples.enumerated() {
            #expect(matrix.values[index] == Float16(sample).bitPattern, "value \(sample)")
        }
    }

    @Test(
        "a half-precision layer equals float32 arithmetic on the rounded weights, for any row count and odd widths",
        arguments: [(1, 384, 1152), (4, 384, 384), (9, 1536, 384), (13, 20, 7)])
    func productMatchesSinglePrecision(rows: Int, inputWidth: Int, outputWidth: Int) {
        let weights = pseudoRandomValues(count: outputWidth * inputWidth, scale: 0.1, seed: 3)
        let rounded = weights.map { Float(Float16($0)) }
        let bias = pseudoRandomValues(count: outputWidth, scale: 0.5, seed: 4)
        let input = pseudoRandomValues(count: rows * inputWidth, scale: 1, seed: 5)
        let residual = pseudoRandomValues(count: rows * outputWidth, scale: 1, seed: 6)
        let half = DenseLayer(
            inputWidth: inputWidth, outputWidth: outputWidth, weight: FloatTensor(copying: weights), bias: bias,
            precision: .half)
        let single = DenseLayer(
            inputWidth: inputWidth, outputWidth: outputWidth, weight: FloatTensor(copying: rounded), bias: bias,
            precision: .single)
        var halfOutput = [Float](repeating: .nan, count: rows * outputWidth)
        var singleOutput = halfOutput
        input.withUnsafeBufferPointer { input in
            residual.withUnsafeBufferPointer { residual in
                halfOutput.withUnsafeMutableBufferPointer { output in
                    half.apply(
                        to: input.baseAddress!, rows: rows, writingTo: output.baseAddress!,
                        addingResidual: residual.baseAddress!)
                }
                singleOutput.withUnsafeMutableBufferPointer { output in
                    single.apply(
                        to: input.baseAddress!, rows: rows, writingTo: output.baseAddress!,
                        addingResidual: residual.baseAddress!)
                }
            }
        }
        let worst = zip(halfOutput, singleOutput).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "worst difference \(worst)")
    }
}
