import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Releases

@Suite("Learned plans per tenant")
struct PlanCacheTenantTests {
    @Test("A plan one tenant learned is offered to that tenant only, by match and by id")
    func tenantsDoNotShare() async throws {
        let cache = try PlanCache(path: try ReleaseFixtures.temporaryDirectory() + "/state.sqlite")
        let bundle = try ReleaseFixtures.bundle()
        let id = try await cache.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, inputs: ["id": .string("7")],
            reader: bundle, tenant: "north")
        func match(tenant: String) async throws -> PlanCache.Match? {
            try await cache.match(
                request: "show item 8", vector: nil, servedBy: bundle,
                tenant: tenant)
        }
        #expect(try await match(tenant: "south") == nil)
        #expect(try await match(tenant: PlanCache.defaultTenant) == nil)
        let north = try #require(try await match(tenant: "north"))
        #expect(north.entry.id == id && north.entry.tenant == "north")
        #expect(try await cache.entry(id: id, servedBy: bundle, tenant: "south") == nil)
        #expect(try await cache.entry(id: id, servedBy: bundle, tenant: "north") != nil)
        // The same plan learned by another tenant is another entry, so neither overwrites the other.
        let other = try await cache.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, inputs: ["id": .string("7")],
            reader: bundle, tenant: "south")
        #expect(other != id)
        #expect(try await cache.storedEntry(id: id)?.tenant == "north")
    }

    @Test("Databases written before tenants were kept keep their entries for the default tenant and their ids")
    func migration() async throws {
        let path = try ReleaseFixtures.temporaryDirectory() + "/old.sqlite"
        let bundle = try ReleaseFixtures.bundle()
        let storedID: String
        do {
            let cache = try PlanCache(path: path)
            storedID = try await cache.store(
                request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: bundle)
        }
        do {
            // The database as an older hbc wrote it: the same table without the tenant column.
            let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
            try database.execute("ALTER TABLE plans DROP COLUMN tenant")
        }
        let reopened = try PlanCache(path: path)
        let entry = try #require(try await reopened.entry(id: storedID, servedBy: bundle))
        #expect(entry.tenant == PlanCache.defaultTenant)
        // Storing the same plan again for the default tenant gives the id it had before tenants were kept.
        #expect(
            try await reopened.store(
                request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: bundle)
                == storedID)
    }

    @Test("Plans that use a drifted upstream tool are invalidated with the reason; others stay valid")
    func invalidationByOperations() async throws {
        let cache = try PlanCache(path: try ReleaseFixtures.temporaryDirectory() + "/state.sqlite")
        let bundle = try ReleaseFixtures.bundle()
        let rename = try await cache.store(
            request: "rename the widget", vector: nil, plan: ReleaseFixtures.renamePlan, reader: bundle)
        let show = try await cache.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, reader: bundle)
        let invalidated = try await cache.invalidate(using: ["updateItem", "time.now"], because: "it changed")
        #expect(invalidated == [rename])
        #expect(try await cache.storedEntry(id: rename)?.invalidatedBecause == "it changed")
        #expect(try await cache.storedEntry(id: show)?.valid == true)
        #expect(try await cache.counters().invalidations == 1)
    }
}
