import Foundation
import Testing

@testable import Embeddings

@Suite("GELU activation")
struct GELUTests {
    @Test("the vectorizable erf agrees with the C library's erf to 1e-6 everywhere")
    func errorFunctionAccuracy() {
        var worst: Float = 0
        for step in -100_000...100_000 {
            let x = Float(step) / 10_000
            worst = max(worst, abs(GELU.errorFunction(x) - erf(x)))
        }
        #expect(worst < 1e-6)
        #expect(GELU.errorFunction(100) == 1)
        #expect(GELU.errorFunction(-100) == -1)
        #expect(GELU.errorFunction(0) == 0)
    }

    @Test("GELU matches x·Φ(x)")
    func activationValues() {
        var values: [Float] = [-3, -1, 0, 0.5, 2]
        values.withUnsafeMutableBufferPointer { GELU.apply($0.baseAddress!, count: $0.count) }
        let expected: [Float] = [-0.00404969, -0.15865525, 0, 0.34573123, 1.95449974]
        for (value, reference) in zip(values, expected) {
            #expect(abs(value - reference) < 1e-6, "\(value) vs \(reference)")
        }
    }
}
