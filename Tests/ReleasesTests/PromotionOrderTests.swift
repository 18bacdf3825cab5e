import Foundation
import HandbookModel
import Indexer
import Testing

@Suite("The manifest's promotion order")
struct PromotionOrderTests {
    /// The `handbook` JSON of a bundle's meta table, as stored.
    private func storedMetadata(_ bundle: BundleReader) throws -> String {
        let database = try SQLiteDatabase(path: bundle.path, mode: .readOnlyImmutable)
        return try #require(try database.query("SELECT value FROM meta WHERE key = 'handbook'").first?[0].text)
    }

    @Test("Without the key the order is staging, production and the stored metadata is as before the key existed")
    func defaultOrder() throws {
        let bundle = try ReleaseFixtures.bundle()
        #expect(bundle.metadata.handbook.promotion == ["staging", "production"])
        let stored = try storedMetadata(bundle)
        #expect(!stored.contains("promotion"))
        #expect(try ModelCoding.decode(HandbookMetadata.self, from: stored).promotion == ["staging", "production"])
    }

    @Test("A declared order is stored and read back; the content hash stays deterministic")
    func declaredOrder() throws {
        let first = try ReleaseFixtures.bundle(promotion: ["qa", "staging", "production"])
        let second = try ReleaseFixtures.bundle(promotion: ["qa", "staging", "production"])
        #expect(first.metadata.handbook.promotion == ["qa", "staging", "production"])
        #expect(try storedMetadata(first).contains(#""promotion":["qa","staging","production"]"#))
        #expect(first.metadata.contentHash == second.metadata.contentHash)
        #expect(first.metadata.contentHash != (try ReleaseFixtures.bundle().metadata.contentHash))
        #expect(try first.recomputeContentHash() == first.metadata.contentHash)
    }

    @Test("Duplicates and names that are not environment names are build errors; undeclared names are warnings")
    func invalidOrders() throws {
        for order in [["staging", "staging"], ["../prod"], [String]()] {
            let diagnostics = DiagnosticCollector()
            #expect(throws: (any Error).self) {
                try ReleaseFixtures.bundle(promotion: order.isEmpty ? [""] : order, diagnostics: diagnostics)
            }
            #expect(diagnostics.diagnostics.contains { $0.ruleID == "manifest.invalid-promotion" })
        }
        let diagnostics = DiagnosticCollector()
        let bundle = try ReleaseFixtures.bundle(promotion: ["staging", "canary"], diagnostics: diagnostics)
        #expect(bundle.metadata.handbook.promotion == ["staging", "canary"])
        #expect(
            diagnostics.diagnostics.contains {
                $0.ruleID == "manifest.promotion-unknown-environment" && $0.severity == .warning
            })
    }
}
