import Embeddings
import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Indexer

/// `feedback/*.yaml` at build time: entries compile into the bundle's `feedback` table (with the request's embedding
/// when the bundle has vectors), the same files give the same content hash, and malformed entries and unknown
/// operations are reported at their file:line.
@Suite struct FeedbackBuildTests {
    private static let entries = """
        feedback:
          - request: how much did the customer Globex order in total
            plan:
              - listCustomers
              - operation: getCustomerSummary
                arguments: { id: "$steps.s1.response.body#/items/0/id" }
            wrong: [querySales]
            trace: 5f0c9e
            source: support ticket 4711
          - request: is the service up
            operations: [getHealth]
        """

    private func build(
        _ files: [String: String], embedder: TopicEmbedder? = nil
    ) throws -> (BundleReader?, [Diagnostic]) {
        let root = try TestFixtures.copyOfAcme()
        try TestFixtures.write(files, in: root)
        let output = try TestFixtures.temporaryDirectory().appendingPathComponent("acme.hb")
        let diagnostics = DiagnosticCollector()
        var compiler = Compiler(
            diagnostics: diagnostics, embedder: embedder.map { DocumentEmbedder(encoder: $0, cacheDirectory: nil) })
        let built = compiler.build(.handbook(directory: root.path), to: output.path)
        return (try built.map { _ in try BundleReader(path: output.path) }, diagnostics.diagnostics)
    }

    @Test func entriesCompileIntoTheFeedbackTable() throws {
        let (built, diagnostics) = try build(["feedback/review.yaml": Self.entries])
        let reader = try #require(built, "\(diagnostics.errors)")
        #expect(reader.metadata.formatVersion == BundleFormat.version)
        try reader.verifyContentHash()
        let rows = try reader.feedback()
        #expect(rows.count == 2)
        let first = try #require(rows.first?.entry)
        #expect(first.planOperations == ["listCustomers", "getCustomerSummary"])
        #expect(first.plan[1].arguments["id"] == .string("$steps.s1.response.body#/items/0/id"))
        #expect(first.plan.map(\.id) == ["s1", "s2"])
        #expect(first.wrong == ["querySales"] && first.trace == "5f0c9e" && first.source == "support ticket 4711")
        #expect(first.location?.hasSuffix("feedback/review.yaml:2") == true)
        #expect(rows[1].entry.operations == ["getHealth"] && rows[1].entry.plan.isEmpty)
        #expect(rows.allSatisfy { $0.vector == nil }, "a lexical bundle has no request vectors")
    }

    @Test func theSameFilesGiveTheSameHashAndAnEditChangesIt() throws {
        let (first, _) = try build(["feedback/review.yaml": Self.entries])
        let (second, _) = try build(["feedback/review.yaml": Self.entries])
        let (edited, _) = try build([
            "feedback/review.yaml": Self.entries.replacingOccurrences(of: "[querySales]", with: "[listOrders]")
        ])
        let (without, _) = try build([:])
        let hashes = try [first, second, edited, without].map { try #require($0).metadata.contentHash }
        #expect(hashes[0] == hashes[1])
        #expect(hashes[0] != hashes[2] && hashes[0] != hashes[3])
    }

    @Test func filesAreReadInPathOrder() throws {
        let (built, _) = try build([
            "feedback/b.yaml": "feedback:\n  - request: second file\n    operations: [getHealth]\n",
            "feedback/a.yaml": "feedback:\n  - request: first file\n    operations: [getHealth]\n",
        ])
        #expect(try #require(built).feedback().map(\.entry.request) == ["first file", "second file"])
    }

    @Test func requestsAreEmbeddedWithoutTheirValuesWhenTheBundleHasVectors() throws {
        let embedder = TopicEmbedder()
        let (built, diagnostics) = try build(["feedback/review.yaml": Self.entries], embedder: embedder)
        let rows = try #require(built, "\(diagnostics.errors)").feedback()
        #expect(rows.allSatisfy { $0.vector?.count == embedder.dimension * 2 })
        let expected = Array(
            HalfPrecisionVector.pack(embedder.embed(FeedbackText.embeddingText(of: rows[0].entry.request))))
        #expect(rows[0].vector == expected)
    }

    @Test func malformedEntriesAndUnknownOperationsAreReportedWhereTheyAreWritten() throws {
        let (built, diagnostics) = try build([
            "feedback/bad.yaml": """
            feedback:
              - request: show the health
                operations: [getHealth, noSuchOperation]
              - plan: [getOrder]
              - request: nothing to say
              - request: both
                operations: [getOrder]
                wrong: [getOrder]
              - request: a plan that is not a list
                plan: {operation: getOrder}
              - request: a step without an operation
                plan: [{arguments: {id: 1}}]
              - "just a string"
            """
        ])
        #expect(built == nil)
        func located(_ rule: String) -> [Int] {
            diagnostics.filter { $0.ruleID == rule && $0.location?.file.hasSuffix("feedback/bad.yaml") == true }
                .compactMap { $0.location?.line }
        }
        #expect(located("reference.unknown-operation") == [3])
        #expect(located("feedback.invalid") == [4, 8, 10, 12, 13])
        #expect(located("feedback.empty") == [5])
        #expect(
            diagnostics.first { $0.ruleID == "reference.unknown-operation" }?.message.contains("noSuchOperation")
                == true)
    }

    @Test func aFileWithoutAFeedbackListIsAnError() throws {
        let (built, diagnostics) = try build(["feedback/empty.yaml": "entries: []\n"])
        #expect(built == nil)
        #expect(diagnostics.contains { $0.ruleID == "feedback.invalid" && $0.location?.line == 1 })
    }
}
