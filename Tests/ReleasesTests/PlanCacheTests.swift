import Foundation
import Releases
import Testing

@Suite("Plan cache")
struct PlanCacheTests {
    @Test("Counters persist in the state database across reopening")
    func countersPersist() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hbc-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try PlanCache(path: path)
        #expect(try await first.match(request: "anything", vector: nil, intent: nil) == nil)
        let reopened = try PlanCache(path: path)
        #expect(try await reopened.counters().misses == 1)
        #expect(try await reopened.counters().hits == 0)
    }
}
