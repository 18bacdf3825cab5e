import Embeddings
import Foundation
import HandbookModel
import Retrieval
import Synchronization
import Testing
@testable import Indexer

/// A stand-in for the MiniLM encoder: each text's vector counts a few topic words (plus a small constant axis, so no
/// vector is zero), normalized. It counts the texts it embeds, so tests see what was embedded and what came from a
/// cache.
final class TopicEmbedder: TextEmbedder {
    static let topics = ["health", "customer", "product", "order", "sales"]
    let identifier: String
    let weightsSHA256 = String(repeating: "0", count: 64)
    var dimension: Int { Self.topics.count + 1 }
    private let embedded = Mutex(0)

    init(identifier: String = "topic-words@test") {
        self.identifier = identifier
    }

    /// How many texts were embedded so far.
    var embeddedTexts: Int { embedded.withLock { $0 } }

    func embed(_ texts: [String]) -> [[Float]] {
        embedded.withLock { $0 += texts.count }
        return texts.map { text in
            let words = text.lowercased().split { !$0.isLetter }
            var vector = Self.topics.map { topic in Float(words.filter { $0.hasPrefix(topic) }.count) } + [0.1]
            let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for index in vector.indices { vector[index] /= length }
            return vector
        }
    }
}

/// Vector search and the index stage through the ``TextEmbedder`` seam, without the embedding model.
@Suite struct EmbedderSeamTests {
    /// Builds the acme handbook with `embedder` into a temporary bundle, with a vector cache in `cache`.
    static func acmeBundle(embedder: TopicEmbedder, cache: URL?) throws -> BundleReader {
        let output = try TestFixtures.temporaryDirectory().appendingPathComponent("acme.hb")
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(
            diagnostics: diagnostics, embedder: DocumentEmbedder(encoder: embedder, cacheDirectory: cache))
        let built = compiler.build(.handbook(directory: TestFixtures.acmeHandbook.path), to: output.path)
        #expect(built != nil, "\(diagnostics.diagnostics)")
        return try BundleReader(path: output.path)
    }

    @Test func theBundleRecordsTheEmbedderAndOneVectorOfItsDimensionPerDocument() throws {
        let embedder = TopicEmbedder()
        let reader = try Self.acmeBundle(embedder: embedder, cache: nil)
        let recorded = try #require(reader.metadata.embedder)
        #expect(recorded.id == "topic-words@test" && recorded.dimension == 6)
        let documents = try reader.searchDocuments()
        let vectors = try reader.searchVectors()
        #expect(vectors.count == documents.count && vectors.allSatisfy { $0.count == 6 * 2 })
        #expect(embedder.embeddedTexts > 0 && embedder.embeddedTexts <= documents.count, "each distinct text once")
    }

    @Test func vectorSearchRanksByTheEmbeddersSimilarity() throws {
        let reader = try Self.acmeBundle(embedder: TopicEmbedder(), cache: nil)
        let engine = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: TopicEmbedder()))
        #expect(engine.hasVectors)
        for (query, expected) in [("is it healthy", "getHealth"), ("sales sales", "querySales")] {
            let results = try engine.search(query, options: SearchOptions(limit: 3, kind: .operation, mode: .vector))
            #expect(results.mode == .vector)
            let best = try #require(results.hits.first)
            #expect(best.document.target == expected, "\(query): \(results.hits.map(\.document.target))")
            #expect(best.vectorRank != nil && best.lexicalRank == nil && (best.similarity ?? 0) > 0.5)
        }
    }

    @Test func repeatedQueriesAreEmbeddedOnce() throws {
        let reader = try Self.acmeBundle(embedder: TopicEmbedder(), cache: nil)
        let queries = TopicEmbedder()
        let engine = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: queries))
        for _ in 0..<3 { _ = try engine.search("list the orders of a customer") }
        #expect(queries.embeddedTexts == 1)
    }

    @Test func aRankingKeptForAQueryAnswersOtherPagesFiltersAndModesAsAFreshEngineDoes() throws {
        let reader = try Self.acmeBundle(embedder: TopicEmbedder(), cache: nil)
        let query = "list the orders of a customer"
        let warm = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: TopicEmbedder()))
        _ = try warm.search(query, options: SearchOptions(limit: 50))
        for options in [
            SearchOptions(limit: 3, offset: 2), SearchOptions(limit: 5, kind: .doc), SearchOptions(limit: 5, kind: .operation),
            SearchOptions(limit: 5, mode: .lexical), SearchOptions(limit: 5, mode: .vector),
            SearchOptions(limit: 5, ignoresStatedValues: true),
        ] {
            let fresh = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: TopicEmbedder()))
            let (kept, new) = (try warm.search(query, options: options), try fresh.search(query, options: options))
            #expect(kept.hits == new.hits && kept.totalMatches == new.totalMatches && kept.mode == new.mode, "\(options)")
        }
    }

    @Test func aBundleOfAnotherEmbedderIsRefusedWithoutLoadingOne() throws {
        let reader = try Self.acmeBundle(embedder: TopicEmbedder(), cache: nil)
        let loads = Mutex(0)
        let other = QueryEncoder(embedderID: "another@model") {
            loads.withLock { $0 += 1 }
            return TopicEmbedder(identifier: "another@model")
        }
        #expect(throws: SearchEngine.Failure.self) { try SearchEngine(reader: reader, encoder: other) }
        #expect(loads.withLock { $0 } == 0)
    }

    @Test func aSecondBuildTakesEveryVectorFromTheCacheOfItsEmbedder() throws {
        let cache = try TestFixtures.temporaryDirectory()
        let first = TopicEmbedder()
        let firstVectors = try Self.acmeBundle(embedder: first, cache: cache).searchVectors()
        #expect(first.embeddedTexts > 0)
        let second = TopicEmbedder()
        #expect(try Self.acmeBundle(embedder: second, cache: cache).searchVectors() == firstVectors)
        #expect(second.embeddedTexts == 0)
        let otherModel = TopicEmbedder(identifier: "other@test")
        _ = try Self.acmeBundle(embedder: otherModel, cache: cache)
        #expect(otherModel.embeddedTexts == first.embeddedTexts, "another embedder's vectors are not reused")
    }
}
