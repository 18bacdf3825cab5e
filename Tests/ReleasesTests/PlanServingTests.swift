import Foundation
import HandbookModel
import Testing

@testable import Releases

@Suite("Learned plans are served only for the bundle they were checked against")
struct PlanServingTests {
    @Test("An entry recorded with other fingerprints is not served until it is re-validated against the bundle")
    func servedOnlyWithMatchingFingerprints() async throws {
        let cache = try PlanCache(path: try ReleaseFixtures.temporaryDirectory() + "/state.sqlite")
        let old = try ReleaseFixtures.bundle()
        let new = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        let vector: [Float] = [0.6, 0.8]
        let id = try await cache.store(
            request: "rename the widget", vector: vector, plan: ReleaseFixtures.renamePlan, reader: old)
        #expect(
            try await cache.match(request: "rename the widget", vector: vector, servedBy: old)?.entry.id
                == id)
        // The new bundle changed listItems: the entry waits for its check.
        #expect(
            try await cache.match(request: "rename the widget", vector: vector, servedBy: new) == nil)
        #expect(try await cache.entry(id: id, servedBy: new) == nil)
        #expect(try await cache.entry(id: id, servedBy: old) != nil)

        try await cache.revalidate(against: new)
        #expect(try await cache.entry(id: id, servedBy: new) != nil)
        #expect(try await cache.entry(id: id, servedBy: old) == nil)

        // A session still on the old bundle stores a plan after the switch: the new bundle's server does not serve it.
        let lateRename = try await cache.store(
            request: "rename the gadget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: old)
        #expect(try await cache.entry(id: lateRename, servedBy: old) != nil)
        #expect(try await cache.entry(id: lateRename, servedBy: new) == nil)
        #expect(try await cache.storedEntry(id: lateRename)?.valid == true)
    }

    @Test("Carried plans are committed only after the switch succeeds, and not at all when it fails")
    func adoptCommitsAfterPublish() async throws {
        let folder = try ReleaseFixtures.temporaryDirectory()
        let bundle = try ReleaseFixtures.bundle()
        let source = try PlanCache(path: folder + "/staging.sqlite")
        let id = try await source.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, reader: bundle)
        let carry = try PlanCache.check(try await source.entries(), from: "staging", against: bundle)
        #expect(carry.report.carried == [id])
        let targetPath = folder + "/production.sqlite"
        let target = try PlanCache(path: targetPath)

        struct SwitchFailed: Error {}
        await #expect(throws: SwitchFailed.self) {
            try await target.adopt(carry) { throw SwitchFailed() }
        }
        #expect(try await target.entries().isEmpty)

        try await target.adopt(carry) {
            // While the switch runs, another connection (a server on the old bundle) sees none of the carried plans.
            let other = try SQLiteDatabase(path: targetPath, mode: .readWriteCreate)
            #expect(try other.query("SELECT COUNT(*) FROM plans").first?[0].integer == 0)
        }
        #expect(try await target.entry(id: id, servedBy: bundle) != nil)
    }
}
