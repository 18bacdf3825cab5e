import Foundation
import HandbookModel
import Testing

@testable import Releases

@Suite("Plan cache")
struct PlanCacheTests {
    @Test("Counters persist in the state database across reopening")
    func countersPersist() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try PlanCache(path: path)
        let bundle = try ReleaseFixtures.bundle()
        #expect(try await first.match(request: "anything", vector: nil, servedBy: bundle) == nil)
        let reopened = try PlanCache(path: path)
        #expect(try await reopened.counters().misses == 1)
        #expect(try await reopened.counters().hits == 0)
    }
}

@Suite("Learned plans across bundles")
struct PlanRevalidationTests {
    private func cache() throws -> (PlanCache, String) {
        let path = try ReleaseFixtures.temporaryDirectory() + "/state.sqlite"
        return (try PlanCache(path: path), path)
    }

    @Test("Entries store the contracts of their operations")
    func storesContracts() async throws {
        let (cache, _) = try cache()
        let bundle = try ReleaseFixtures.bundle()
        let id = try await cache.store(
            request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: bundle)
        let entry = try #require(try await cache.storedEntry(id: id))
        #expect(Set(entry.contracts.keys) == ["listItems", "updateItem"])
        #expect(entry.contracts["updateItem"]?.operation.method == "PATCH")
        #expect(entry.bundleHash == bundle.metadata.contentHash)
    }

    @Test("Unchanged operations keep a plan valid; a compatible change re-validates it and updates its fingerprints")
    func compatibleChangeRevalidates() async throws {
        let (cache, _) = try cache()
        let first = try ReleaseFixtures.bundle()
        let id = try await cache.store(
            request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: first)

        let same = try await cache.revalidate(against: first)
        #expect(same.unchanged == 1 && same.revalidated.isEmpty && same.invalidated.isEmpty)

        let compatible = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        let oldFingerprint = try #require(try await cache.storedEntry(id: id)?.fingerprints["listItems"])
        let newFingerprint = try #require(
            try compatible.operationSummaries().first { $0.id == "listItems" }?.fingerprint)
        #expect(oldFingerprint != newFingerprint)

        let report = try await cache.revalidate(against: compatible)
        #expect(report.revalidated == [id])
        #expect(report.invalidated.isEmpty)
        let entry = try #require(try await cache.storedEntry(id: id))
        #expect(entry.valid)
        #expect(entry.fingerprints["listItems"] == newFingerprint)
        #expect(entry.bundleHash == compatible.metadata.contentHash)
        #expect(entry.contracts["listItems"]?.operation.parameters.contains { $0.name == "limit" } == true)
        let counters = try await cache.counters()
        #expect(counters.revalidations == 1 && counters.invalidations == 0)
        // Checked again against the same bundle: nothing left to do.
        #expect(try await cache.revalidate(against: compatible).unchanged == 1)
    }

    @Test("A parameter the plan sets that is gone invalidates it, with the reason")
    func missingBindingInvalidates() async throws {
        let (cache, _) = try cache()
        let first = try ReleaseFixtures.bundle()
        let rename = try await cache.store(
            request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: first)
        let get = try await cache.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, reader: first)
        let report = try await cache.revalidate(against: try ReleaseFixtures.bundle(version: "2.0.0", .listWithoutName))
        #expect(report.invalidated.keys.sorted() == [rename])
        let entry = try #require(try await cache.storedEntry(id: rename))
        #expect(!entry.valid)
        #expect(entry.invalidatedBecause?.contains("listItems") == true)
        #expect(entry.invalidatedBecause?.contains("name") == true)
        #expect(try await cache.storedEntry(id: get)?.valid == true)
        #expect(try await cache.counters().invalidations == 1)
    }

    @Test("A breaking change invalidates the plans that call the operation; the others stay valid")
    func breakingChangeInvalidates() async throws {
        let (cache, _) = try cache()
        let first = try ReleaseFixtures.bundle()
        let rename = try await cache.store(
            request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: first)
        let get = try await cache.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, reader: first)
        let report = try await cache.revalidate(against: try ReleaseFixtures.bundle(version: "2.0.0", .breakingUpdate))
        #expect(report.invalidated.keys.sorted() == [rename])
        #expect(report.invalidated[rename]?.contains("updateItem changed incompatibly") == true)
        #expect(try await cache.storedEntry(id: get)?.valid == true)
    }

    @Test("Response pointers a later step reads are checked against the new response schema")
    func responsePointers() throws {
        let bundle = try ReleaseFixtures.bundle()
        var validity = try PlanValidity(reader: bundle)
        let list = try #require(try validity.contract("listItems"))
        let update = try #require(try validity.contract("updateItem"))
        let contracts = ["listItems": list, "updateItem": update]
        #expect(
            PlanBindings.firstBrokenBinding(
                in: ReleaseFixtures.renamePlan, changed: ["listItems", "updateItem"], contracts: contracts) == nil)

        var reading = ReleaseFixtures.renamePlan
        reading.steps[1].arguments = .object(["item_id": .string("$steps.find.response.body#/items/0/sku")])
        let broken = PlanBindings.firstBrokenBinding(in: reading, changed: ["listItems"], contracts: contracts)
        #expect(broken?.contains("#/items/0/sku") == true)
        // Only bindings touching a changed operation are checked.
        #expect(PlanBindings.firstBrokenBinding(in: reading, changed: ["updateItem"], contracts: contracts) == nil)

        var body = ReleaseFixtures.renamePlan
        body.steps[1].arguments = .object(["item_id": .string("x"), "body": .object(["title": .string("y")])])
        #expect(
            PlanBindings.firstBrokenBinding(in: body, changed: ["updateItem"], contracts: contracts)?
                .contains("body field title") == true)
    }

    @Test("A removed operation invalidates the plan")
    func removedOperation() async throws {
        let (cache, _) = try cache()
        let first = try ReleaseFixtures.bundle()
        var plan = ReleaseFixtures.getPlan
        plan.steps[0].operation = "getItem"
        let id = try await cache.store(request: "show item 7", vector: nil, plan: plan, reader: first)
        // Pretend the entry was learned on a bundle that had an operation this one lacks.
        var ghost = ReleaseFixtures.getPlan
        ghost.steps[0].operation = "archiveItem"
        let ghostID = try await cache.store(request: "archive item 7", vector: nil, plan: ghost, reader: first)
        let report = try await cache.revalidate(against: first)
        #expect(report.invalidated[ghostID] == "archiveItem was removed")
        #expect(try await cache.storedEntry(id: id)?.valid == true)
    }

    @Test("State databases written before contracts were kept are migrated; their changed plans are invalidated")
    func migration() async throws {
        let path = try ReleaseFixtures.temporaryDirectory() + "/old.sqlite"
        let first = try ReleaseFixtures.bundle()
        let fingerprint = try #require(try first.operationSummaries().first { $0.id == "getItem" }?.fingerprint)
        do {
            let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
            try database.execute(
                """
                CREATE TABLE plans (
                    id TEXT PRIMARY KEY NOT NULL, request TEXT NOT NULL, request_vector BLOB, plan TEXT NOT NULL,
                    fingerprints TEXT NOT NULL, valid INTEGER NOT NULL DEFAULT 1, invalidated_because TEXT,
                    uses INTEGER NOT NULL DEFAULT 0, bundle_hash TEXT NOT NULL);
                CREATE TABLE counters (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                INSERT INTO counters VALUES ('hits', 3);
                """)
            var plan = ReleaseFixtures.getPlan
            plan.id = "cached:old"
            try database.run(
                "INSERT INTO plans (id, request, plan, fingerprints, bundle_hash) VALUES (?, ?, ?, ?, ?)",
                [
                    .text("cached:old"), .text("show item 7"), .text(ModelCoding.canonicalText(plan)),
                    .text(ModelCoding.canonicalText(["getItem": fingerprint])), .text(first.metadata.contentHash),
                ])
            try database.run(
                "INSERT INTO plans (id, request, plan, fingerprints, bundle_hash) VALUES (?, ?, ?, ?, ?)",
                [
                    .text("cached:stale"), .text("show item 8"), .text(ModelCoding.canonicalText(plan)),
                    .text(ModelCoding.canonicalText(["getItem": "sha256:older"])), .text("sha256:older"),
                ])
        }
        let cache = try PlanCache(path: path)
        #expect(try await cache.counters().hits == 3)
        let old = try #require(try await cache.storedEntry(id: "cached:old"))
        #expect(old.contracts.isEmpty && old.valid)
        let report = try await cache.revalidate(against: first)
        #expect(report.unchanged == 1)
        // Unchanged entries gain their contracts, so the next change can be checked.
        #expect(try await cache.storedEntry(id: "cached:old")?.contracts.keys.sorted() == ["getItem"])
        #expect(report.invalidated["cached:stale"]?.contains("no contract was stored") == true)
    }
}
