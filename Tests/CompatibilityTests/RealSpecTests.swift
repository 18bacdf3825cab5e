import Compatibility
import Foundation
import HandbookModel
import Indexer
import Testing

/// Two published Stripe API versions from the shared data.
@Suite("Real API versions", .serialized)
struct RealSpecTests {
    private static let specs = DiffFixtures.sharedData.appendingPathComponent("specs")

    @Test(
        "Stripe 2022-04-12 → 2023-09-12: completes quickly, finds the known breaking changes, none backwards the same")
    func stripe() throws {
        let old = try DiffFixtures.bundle(
            .spec(path: Self.specs.appendingPathComponent("stripe_spec3_2022-04-12.json").path))
        let new = try DiffFixtures.bundle(
            .spec(path: Self.specs.appendingPathComponent("stripe_spec3_2023-09-12.yaml").path))
        let clock = ContinuousClock()
        var diff: BundleDiff?
        let elapsed = try clock.measure { diff = try BundleDiff(old: old, new: new) }
        let forward = try #require(diff)
        #expect(elapsed < .seconds(60))
        #expect(forward.hasBreakingChanges)
        // Orders were removed from the API in 2023.
        #expect(forward.operation(id: "GetOrders")?.kind == .removed)
        // `charges` left the payment intent object.
        #expect(
            forward.operation(id: "GetPaymentIntentsIntent")?.changes.contains {
                $0.rule == "response-property-removed" && $0.location == "response 200 body /charges"
            } == true)
        #expect(try BundleDiff(old: new, new: new).operations.isEmpty)
        let backward = try BundleDiff(old: new, new: old)
        #expect(
            Set(backward.operations.filter { $0.kind == .added }.map(\.operationID))
                == Set(forward.operations.filter { $0.kind == .removed }.map(\.operationID)))
    }
}
