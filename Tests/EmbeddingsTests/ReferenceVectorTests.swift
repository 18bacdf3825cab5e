import Embeddings
import Foundation
import Testing

/// The reference file written by a float32 NumPy port of sentence-transformers' all-MiniLM-L6-v2.
private struct ReferenceVectors: Decodable {
    struct Item: Decodable {
        let text: String
        let inputIDs: [Int]
        let embedding: [Float]

        enum CodingKeys: String, CodingKey {
            case text
            case inputIDs = "input_ids"
            case embedding
        }
    }

    let items: [Item]
    let pairwiseCosineFirst3: [[Float]]

    enum CodingKeys: String, CodingKey {
        case items
        case pairwiseCosineFirst3 = "pairwise_cosine_first3"
    }
}

/// Finds `data/embeddings/minilm_l6_reference_vectors.json` in the shared data directory:
/// `$HBC_SHARED_DATA` (the `shared/data` directory) if set, else a `shared/data` beside (or a
/// sibling of) any ancestor of this source file, with and without symlinks resolved.
private func referenceVectorsFile() throws -> URL {
    let relativePath = "embeddings/minilm_l6_reference_vectors.json"
    if let sharedData = ProcessInfo.processInfo.environment["HBC_SHARED_DATA"], !sharedData.isEmpty {
        return URL(fileURLWithPath: sharedData).appendingPathComponent(relativePath)
    }
    let sourceFile = URL(fileURLWithPath: #filePath)
    for start in [sourceFile, sourceFile.resolvingSymlinksInPath()] {
        var directory = start.deletingLastPathComponent()
        while directory.path != "/" {
            for shared in ["shared", "../shared"] {
                let candidate = directory.appendingPathComponent(shared).appendingPathComponent("data")
                    .appendingPathComponent(relativePath)
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate.standardizedFileURL }
            }
            directory = directory.deletingLastPathComponent()
        }
    }
    throw ReferenceFileNotFound()
}

private struct ReferenceFileNotFound: Error, CustomStringConvertible {
    var description: String {
        "minilm_l6_reference_vectors.json not found: set HBC_SHARED_DATA to the shared/data directory"
    }
}

/// Loads the encoder from the default model location; when it is absent the test fails (never
/// skips) with an error that says how to fetch it.
private func loadEncoder() throws -> MiniLMEncoder {
    do {
        return try MiniLMEncoder()
    } catch {
        throw ModelUnavailable(underlying: error)
    }
}

private struct ModelUnavailable: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String {
        "the embedding model is required by this test — run `make model` (or scripts/fetch-model.sh) first: \(underlying)"
    }
}

@Suite("all-MiniLM-L6-v2 reproduces the reference vectors")
struct ReferenceVectorTests {
    private let reference: ReferenceVectors

    init() throws {
        reference = try JSONDecoder().decode(ReferenceVectors.self, from: Data(contentsOf: referenceVectorsFile()))
    }

    @Test("token ids match Hugging Face's tokenizer for every reference text")
    func tokenIDsMatch() throws {
        let encoder = try loadEncoder()
        #expect(reference.items.count >= 9)
        for item in reference.items {
            #expect(encoder.tokenizer.tokenIDs(for: item.text) == item.inputIDs, "text: \(item.text)")
        }
    }

    @Test("embeddings match within 1e-4 per component, one text at a time and batched")
    func embeddingsMatch() throws {
        let encoder = try loadEncoder()
        let batched = encoder.embed(reference.items.map(\.text))
        for (item, batchedVector) in zip(reference.items, batched) {
            let single = encoder.embed(item.text)
            #expect(single.count == MiniLMEncoder.dimension)
            let worstSingle = zip(single, item.embedding).map { abs($0 - $1) }.max() ?? .infinity
            let worstBatched = zip(batchedVector, item.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worstSingle < 1e-4, "text: \(item.text), worst component error \(worstSingle)")
            #expect(worstBatched < 1e-4, "text: \(item.text), worst batched component error \(worstBatched)")
        }
    }

    @Test("the published similarity matrix of the first three sentences is reproduced")
    func pairwiseCosinesMatch() throws {
        let encoder = try loadEncoder()
        let vectors = encoder.embed(reference.items.prefix(3).map(\.text))
        for row in 0..<3 {
            for column in 0..<3 {
                let cosine = VectorSimilarity.dotProduct(vectors[row], vectors[column])
                #expect(
                    abs(cosine - reference.pairwiseCosineFirst3[row][column]) < 1e-3,
                    "pair (\(row), \(column)): \(cosine)")
            }
        }
    }

    @Test("many texts embedded in parallel equal the same texts embedded one by one")
    func parallelBatchesMatchSingleTexts() throws {
        let encoder = try loadEncoder()
        let texts = (0..<60).map { index in
            "GET /resources/\(index) Returns resource number \(index)"
                + String(repeating: " with more detail", count: index % 7)
        }
        let batched = encoder.embed(texts)
        #expect(batched.count == texts.count)
        #expect(encoder.embed([String]()).isEmpty)
        for (text, vector) in zip(texts, batched) {
            let single = encoder.embed(text)
            let worst = zip(single, vector).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "text: \(text)")
        }
    }

    @Test(
        "half-precision weights give vectors within 2.5e-4 per component of the reference (measured: 1.0e-4), one text and batched"
    )
    func halfPrecisionEmbeddingsStayClose() throws {
        let encoder = try MiniLMEncoder(precision: .half)
        #expect(encoder.precision == .half)
        let batched = encoder.embed(reference.items.map(\.text))
        for (item, batchedVector) in zip(reference.items, batched) {
            let single = encoder.embed(item.text)
            let worstSingle = zip(single, item.embedding).map { abs($0 - $1) }.max() ?? .infinity
            let worstBatched = zip(batchedVector, item.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worstSingle < 2.5e-4, "text: \(item.text), worst component error \(worstSingle)")
            #expect(worstBatched < 2.5e-4, "text: \(item.text), worst batched component error \(worstBatched)")
            #expect(VectorSimilarity.dotProduct(single, item.embedding) > 0.9999, "text: \(item.text)")
        }
    }

    @Test(
        "eight-bit products give vectors with cosine ≥ 0.995 to the reference (measured: see docs/search.md), batched")
    func eightBitEmbeddingsStayClose() throws {
        let encoder = try MiniLMEncoder(precision: .eightBit)
        #expect(encoder.computationIdentifier == MiniLMEncoder.identifier + "+int8")
        let batched = encoder.embed(reference.items.map(\.text))
        for (item, vector) in zip(reference.items, batched) {
            #expect(VectorSimilarity.dotProduct(vector, item.embedding) > 0.995, "text: \(item.text)")
        }
    }

    @Test("the identifier names the model and the weights hash")
    func identifier() {
        #expect(MiniLMEncoder.identifier == "all-MiniLM-L6-v2@53aa5117")
        #expect(MiniLMEncoder.dimension == 384)
    }
}
