import Foundation
import HandbookModel
import Releases
import Testing

/// `hbc promote` with an environment whose state is PostgreSQL (`--state production=postgres://…`): the learned plans
/// of the previous environment that fit the bundle are carried into the database, where replicas serve them.
@Suite("Promotions into a PostgreSQL state")
struct PostgresPromotionTests {
    @Test func aPromotionCarriesLearnedPlansIntoThePostgresStateOfTheTarget() async throws {
        let bundle = try MockFixtures.acme()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-store-\(UUID().uuidString)")
        let store = try ReleaseStore(directory: directory.path)
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "ci"))
        let running = try BundleReader(path: try #require(try store.current(environment: "staging")).bundlePath)
        let learned = try await PlanCache(path: store.statePath(environment: "staging")).store(
            request: "Show customer C00002", vector: nil, plan: StateBackendParityTests.customerPlan,
            inputs: ["customer_id": .string("C00002")], reader: running)
        try await store.recordTestRun(
            running.metadata, results: try running.tests().map { ($0.id, []) },
            run: .init(
                when: ReleaseStore.timestamp(), who: "ci", passed: try running.tests().count, failed: 0,
                environment: "staging", baseURL: nil, mock: false, selection: []))

        let production = try await TestPostgres.freshDatabase()
        var request = PromotionRequest(bundlePath: bundle.path, environment: "production", user: "ci")
        request.states = ["production": production]
        let outcome = try await store.promote(request)

        #expect(outcome.plans?.carried == [learned])
        let served = try BundleReader(path: outcome.release.bundlePath)
        let replica = try production.planCache()
        #expect(try await replica.entry(id: learned, servedBy: served) != nil)
        // Started on the promoted bundle, a replica finds nothing stale; the store's own file was never written.
        #expect(try await replica.revalidate(against: served).unchanged == 1)
        #expect(!FileManager.default.fileExists(atPath: store.statePath(environment: "production")))
    }
}
