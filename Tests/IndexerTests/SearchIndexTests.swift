import Embeddings
import Foundation
import HandbookModel
import Retrieval
import Synchronization
import Testing
@testable import Indexer

/// The search index of the acme handbook, built through the ``TextEmbedder`` seam with ``TopicEmbedder`` (no model
/// files needed). How well the real model ranks paraphrases is measured by bench/acme_search_bench.py, not here.
@Suite struct SearchIndexTests {
    /// Builds the acme handbook with `embedder` into a temporary bundle, with a private vector cache.
    static func acmeBundle(embedder: TopicEmbedder = TopicEmbedder(), cache: URL? = nil) throws -> (BundleReader, URL) {
        let documentEmbedder = DocumentEmbedder(
            encoder: embedder, cacheDirectory: try cache ?? TestFixtures.temporaryDirectory())
        let output = try TestFixtures.temporaryDirectory().appendingPathComponent("acme.hb")
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(diagnostics: diagnostics, embedder: documentEmbedder)
        let built = compiler.build(.handbook(directory: TestFixtures.acmeHandbook.path), to: output.path)
        #expect(built != nil, "\(diagnostics.diagnostics)")
        return (try BundleReader(path: output.path), output)
    }

    @Test func everyOperationAndDocSectionIsADocumentWithOneVector() throws {
        let (reader, _) = try Self.acmeBundle()
        let documents = try reader.searchDocuments()
        let vectors = try reader.searchVectors()
        #expect(documents.count == vectors.count)
        #expect(documents.filter { $0.kind == .operation }.count == (try reader.counts().operations))
        #expect(documents.contains { $0.kind == .doc })
    }

    @Test func exactIdsAndPathsFindTheirOperationFirst() throws {
        let (reader, _) = try Self.acmeBundle()
        let engine = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: TopicEmbedder()))
        let cases: [(String, String)] = [
            ("updateCustomer", "updateCustomer"),
            ("getCustomerSummary", "getCustomerSummary"),
            ("/sales/query", "querySales"),
            ("PATCH /customers/{customer_id}", "updateCustomer"),
            ("GET /customers/{customer_id}", "getCustomer"),
        ]
        for (query, expected) in cases {
            let results = try engine.search(query, options: SearchOptions(limit: 3))
            #expect(results.hits.first?.document.target == expected, "\(query) → \(results.hits.map(\.document.target))")
        }
        let exact = try engine.search("updateCustomer")
        #expect(exact.hits.first?.document.target == "updateCustomer" && exact.hits.first?.exactMatch == true)
    }

    @Test func filtersAndPagingApply() throws {
        let (reader, _) = try Self.acmeBundle()
        let engine = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: TopicEmbedder()))
        let docs = try engine.search("customer credit limit", options: SearchOptions(limit: 5, kind: .doc))
        #expect(!docs.hits.isEmpty && docs.hits.allSatisfy { $0.document.kind == .doc })
        let tagged = try engine.search("customer", options: SearchOptions(limit: 20, tags: ["sales"]))
        #expect(!tagged.hits.isEmpty && tagged.hits.allSatisfy { $0.document.tags.contains("sales") })
        let first = try engine.search("orders", options: SearchOptions(limit: 2))
        let second = try engine.search("orders", options: SearchOptions(limit: 2, offset: 2))
        #expect(Set(first.hits.map(\.document.id)).isDisjoint(with: second.hits.map(\.document.id)))
        #expect(first.totalMatches == second.totalMatches)
    }

    @Test func lexicalOnlyBundlesSearchWithoutTheModel() throws {
        let (bundle, _, ok) = try TestFixtures.build(.handbook(directory: TestFixtures.acmeHandbook.path))
        #expect(ok)
        let reader = try BundleReader(path: bundle.path)
        #expect(reader.metadata.embedder == nil)
        #expect(try reader.searchVectors().isEmpty)
        let engine = try SearchEngine(reader: reader, encoder: nil)
        let results = try engine.search("customer by id", options: SearchOptions(kind: .operation))
        #expect(results.mode == .lexical)
        #expect(results.hits.first?.document.target == "getCustomer")
    }

    @Test func rebuildsEmbedOnlyWhatChanged() throws {
        let cache = try TestFixtures.temporaryDirectory()
        let copy = try TestFixtures.copyOfAcme()
        let embedder = DocumentEmbedder(encoder: TopicEmbedder(), cacheDirectory: cache)
        func embeddedCount() throws -> Int {
            let counts = Mutex<[Int]>([])
            var compiler = Compiler(diagnostics: DiagnosticCollector(), embedder: embedder,
                                    onEmbeddingProgress: { _, total in counts.withLock { $0.append(total) } })
            let compiled = compiler.compile(.handbook(directory: copy.path))
            #expect(compiled != nil)
            return counts.withLock { $0.first ?? -1 }
        }
        #expect(try embeddedCount() > 40)
        #expect(try embeddedCount() == 0)
        let spec = copy.appendingPathComponent("openapi/acme-analytics.yaml")
        let text = try String(contentsOf: spec, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "summary: Get a product\n", with: "summary: Get one product by id\n")
        #expect(edited != text)
        try edited.write(to: spec, atomically: true, encoding: .utf8)
        // The operation's own document, and the lookup chains whose titles quote its summary.
        let (handbook, _) = TestFixtures.compile(.handbook(directory: copy.path))
        let chains = handbook?.planTemplates.filter { $0.origin == .dependency && $0.operations.contains("getProduct") }
        #expect(try embeddedCount() == 1 + (chains?.count ?? 0))
    }

    @Test func longSectionsAreSplitIntoChunksOfOneSection() throws {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        let paragraph = (1...300).map { "word\($0)" }.joined(separator: " ")
        let root = try TestFixtures.handbook(spec: spec, extra: ["docs/long.md": "# Long\n\n\(paragraph)\n"])
        let (handbook, _) = TestFixtures.compile(.handbook(directory: root.path))
        let documents = try #require(handbook?.search.documents)
        let chunks = documents.filter { $0.target == "docs/long.md#long" }
        #expect(chunks.count == 4)
        #expect(Set(chunks.map(\.id)).count == 4)
    }

    @Test func sentencesNamingAnOperationJoinItsLexicalText() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /accounts/{id}/balance:
                get:
                  operationId: getBalance
                  summary: Read a balance
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """
        let page = """
            # Money

            Call `GET /accounts/{id}/balance` to learn how much cash a fund holds. Unrelated sentence about weather.

            ```json
            {"getBalance": "codeblocksaynothing"}
            ```
            """
        let root = try TestFixtures.handbook(spec: spec, extra: ["docs/money.md": page])
        let (handbook, _) = TestFixtures.compile(.handbook(directory: root.path))
        let operation = try #require(handbook?.search.documents.first { $0.target == "getBalance" && $0.kind == .operation })
        #expect(operation.text.contains("how much cash fund holds"))
        #expect(!operation.text.contains("weather"))
        #expect(!operation.text.contains("codeblocksaynothing"))
    }
}
