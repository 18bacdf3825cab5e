import Embeddings
import Foundation
import Testing

@Suite("half-precision packing and similarity")
struct HalfPrecisionVectorTests {
    @Test("pack writes two little-endian bytes per component")
    func layout() {
        let data = HalfPrecisionVector.pack([1, -2, 0.5])
        #expect(Array(data) == [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38])
    }

    @Test("a unit vector survives the round trip within half precision")
    func roundTrip() throws {
        var vector = (0..<384).map { Float(sin(Double($0) * 0.37)) }
        let norm = VectorSimilarity.dotProduct(vector, vector).squareRoot()
        vector = vector.map { $0 / norm }
        let restored = try HalfPrecisionVector.unpack(HalfPrecisionVector.pack(vector))
        #expect(restored.count == 384)
        let worst = zip(vector, restored).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-3)
        #expect(abs(VectorSimilarity.dotProduct(vector, restored) - 1) < 1e-3)
    }

    @Test("odd byte counts are rejected")
    func oddBytes() {
        #expect(throws: HalfPrecisionVector.DecodingError.oddByteCount(3)) {
            try HalfPrecisionVector.unpack(Data([0, 0x3C, 0]))
        }
    }

    @Test("cosine similarity ignores length; dot product does not")
    func similarity() {
        #expect(VectorSimilarity.dotProduct([1, 2, 3], [4, 5, 6]) == 32)
        #expect(abs(VectorSimilarity.cosineSimilarity([1, 0], [3, 3]) - 0.70710678) < 1e-6)
        #expect(VectorSimilarity.cosineSimilarity([0, 0], [1, 1]) == 0)
    }
}
