import CEightBitKernels
import Foundation
import Testing

@testable import Embeddings

/// Dense layers with eight-bit weights and inputs: the vector kernel and the portable one give the same bits, and the
/// product stays close to float32 arithmetic.
@Suite("eight-bit dense weights")
struct EightBitWeightsTests {
    /// `start + input · weightᵀ`, through the dispatching kernel (AVX-512 VNNI where the CPU has it) or the portable
    /// one.
    private func product(
        portable: Bool, matrix: EightBitMatrix, input: [Float], rows: Int, inputWidth: Int, outputWidth: Int,
        start: [Float]
    ) -> [Float] {
        var output = start
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                if portable {
                    hbc_eight_bit_product_portable(
                        rows, input.baseAddress, inputWidth, matrix.packed, matrix.scales, matrix.sums, outputWidth,
                        output.baseAddress, outputWidth)
                } else {
                    hbc_eight_bit_product(
                        rows, input.baseAddress, inputWidth, matrix.packed, matrix.scales, matrix.sums, outputWidth,
                        output.baseAddress, outputWidth)
                }
            }
        }
        return output
    }

    @Test(
        "the vector kernel and the portable one give the same bits, for any row count and whole or partial groups of blocks",
        arguments: [(1, 384, 1536), (5, 4, 16), (7, 388, 80), (13, 1536, 384), (4, 64, 48)])
    func vectorKernelMatchesPortable(rows: Int, inputWidth: Int, outputWidth: Int) {
        let weights = pseudoRandomValues(count: outputWidth * inputWidth, scale: 0.1, seed: 1)
        let matrix = EightBitMatrix(
            converting: FloatTensor(copying: weights), outputWidth: outputWidth, inputWidth: inputWidth)
        let input = pseudoRandomValues(count: rows * inputWidth, scale: 2, seed: 2)
        let start = pseudoRandomValues(count: rows * outputWidth, scale: 1, seed: 3)
        let dispatched = product(
            portable: false, matrix: matrix, input: input, rows: rows, inputWidth: inputWidth,
            outputWidth: outputWidth, start: start)
        let portable = product(
            portable: true, matrix: matrix, input: input, rows: rows, inputWidth: inputWidth,
            outputWidth: outputWidth, start: start)
        #expect(dispatched.map(\.bitPattern) == portable.map(\.bitPattern))
        #expect(!dispatched.contains { $0.isNaN })
    }

    @Test("the integers are the weights rounded to the nearest of 255 levels per column, and their sums are exact")
    func quantizationRoundsPerColumn() {
        let inputWidth = 8
        let outputWidth = 16
        var weights = pseudoRandomValues(count: outputWidth * inputWidth, scale: 1, seed: 4)
        weights.replaceSubrange(0..<inputWidth, with: repeatElement(0, count: inputWidth))  // an all-zero column
        let matrix = EightBitMatrix(
            converting: FloatTensor(copying: weights), outputWidth: outputWidth, inputWidth: inputWidth)
        #expect(matrix.scales[0] == 1 && matrix.sums[0] == 0)
        for column in 1..<outputWidth {
            let row = weights[(column * inputWidth)..<((column + 1) * inputWidth)]
            let scale = matrix.scales[column]
            #expect(scale == row.map(abs).max()! / 127)
            var sum: Int32 = 0
            for (index, weight) in row.enumerated() {
                // Packed in blocks of 16 columns × 4 inputs.
                let position = ((index / 4) * 16 + column % 16) * 4 + index % 4
                let integer = Int32(matrix.packed[position])
                #expect(abs(Float(integer) * scale - weight) <= scale / 2 * 1.0001, "column \(column), input \(index)")
                sum += integer
            }
            #expect(matrix.sums[column] == sum)
        }
    }

    @Test("an eight-bit layer stays within 1 % of the float32 layer's largest output", arguments: [1, 6, 32])
    func productStaysCloseToSinglePrecision(rows: Int) {
        let inputWidth = 384
        let outputWidth = 1536
        let weights = pseudoRandomValues(count: outputWidth * inputWidth, scale: 0.1, seed: 5)
        let bias = pseudoRandomValues(count: outputWidth, scale: 0.5, seed: 6)
        let input = pseudoRandomValues(count: rows * inputWidth, scale: 1, seed: 7)
        var outputs: [[Float]] = []
        for precision in [WeightPrecision.eightBit, .single] {
            let layer = DenseLayer(
                inputWidth: inputWidth, outputWidth: outputWidth, weight: FloatTensor(copying: weights), bias: bias,
                precision: precision)
            if precision == .eightBit, case .single = layer.weight {
                Issue.record("the layer did not keep eight-bit weights")
            }
            var output = [Float](repeating: .nan, count: rows * outputWidth)
            input.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { output in
                    layer.apply(to: input.baseAddress!, rows: rows, writingTo: output.baseAddress!)
                }
            }
            outputs.append(output)
        }
        let largest = outputs[1].map(abs).max()!
        let worst = zip(outputs[0], outputs[1]).map { abs($0 - $1) }.max()!
        #expect(worst < 0.01 * largest, "worst difference \(worst), largest output \(largest)")
    }

    @Test("shapes without whole blocks stay float32")
    func oddShapesStaySingle() {
        let layer = DenseLayer(
            inputWidth: 6, outputWidth: 20,
            weight: FloatTensor(copying: pseudoRandomValues(count: 120, scale: 1, seed: 8)),
            bias: [Float](repeating: 0, count: 20), precision: .eightBit)
        guard case .single = layer.weight else {
            Issue.record("expected float32 weights for a 20 × 6 layer")
            return
        }
    }
}
