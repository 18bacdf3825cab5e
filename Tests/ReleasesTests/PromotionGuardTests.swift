import Foundation
import HandbookModel
import Testing

@testable import Releases

@Suite("What a bundle cannot decide for itself")
struct PromotionGuardTests {
    @Test("The first promotion pins the store's order; a bundle declaring another order is refused")
    func pinnedOrder() async throws {
        let store = try ReleaseFixtures.store()
        let first = try ReleaseFixtures.bundle()
        #expect(try store.promotionOrder() == nil)
        let outcome = try await store.promote(.init(bundlePath: first.path, environment: "staging", user: "ci"))
        #expect(outcome.checks.contains { $0.contains("promotion order is now staging → production") })
        let pinned = try #require(try store.promotionOrder())
        #expect(pinned.environments == ["staging", "production"])
        #expect(pinned.setBy == "ci" && pinned.source.contains(first.metadata.contentHash))

        // A bundle that names production its first environment does not skip staging, tests or compatibility.
        let sneaky = try ReleaseFixtures.bundle(version: "9.0.0", .breakingUpdate, promotion: ["production"])
        await #expect {
            try await store.promote(.init(bundlePath: sneaky.path, environment: "production", user: "mallory"))
        } throws: { error in
            guard case PromotionError.refused(let environment, let reasons) = error else { return false }
            return environment == "production"
                && reasons.contains {
                    $0.reason.contains("declares the promotion order production")
                        && $0.reason.contains("staging → production") && !$0.reason.contains("--")
                        && $0.remedy == .setPromotionOrder(environments: ["production"])
                }
                && reasons.contains { $0.reason.contains("never in staging") }
        }
        // Nor into staging, where its order would otherwise be accepted as the first environment's.
        await #expect(throws: PromotionError.self) {
            try await store.promote(.init(bundlePath: sneaky.path, environment: "staging", user: "mallory"))
        }
        #expect(try store.current(environment: "production") == nil)
        #expect(try store.current(environment: "staging")?.contentHash == first.metadata.contentHash)
        #expect(try store.promotionOrder() == pinned)

        // Changing the store's order is deliberate, recorded, and then applies.
        let changed = try await store.setPromotionOrder(["production"], reason: "single environment", user: "admin")
        #expect(try store.promotionOrder() == changed)
        #expect(changed.source == "hbc promote --set-order" && changed.reason == "single environment")
        _ = try await store.promote(.init(bundlePath: sneaky.path, environment: "production", user: "admin"))
        #expect(try store.current(environment: "production")?.contentHash == sneaky.metadata.contentHash)
        await #expect(throws: ReleaseStoreError.self) {
            try await store.setPromotionOrder(["staging", "staging"], reason: nil, user: "admin")
        }
    }

    @Test("A store from before orders were pinned takes the order of its first bundle, not the promoted one's")
    func legacyStore() async throws {
        let store = try ReleaseFixtures.store()
        let first = try ReleaseFixtures.bundle()
        _ = try await store.promote(.init(bundlePath: first.path, environment: "staging", user: "ci"))
        try FileManager.default.removeItem(atPath: store.promotionOrderPath)
        let sneaky = try ReleaseFixtures.bundle(version: "9.0.0", promotion: ["production"])
        await #expect(throws: PromotionError.self) {
            try await store.promote(.init(bundlePath: sneaky.path, environment: "production", user: "mallory"))
        }
        #expect(try store.current(environment: "production") == nil)
        #expect(try store.promotionOrder() == nil)
    }

    @Test("A bundle rolled back out of staging does not count as being in staging")
    func rolledBackOutOfStaging() async throws {
        let store = try ReleaseFixtures.store()
        let first = try ReleaseFixtures.bundle()
        let second = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        _ = try await store.promote(.init(bundlePath: first.path, environment: "staging", user: "ci"))
        _ = try await store.promote(.init(bundlePath: second.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, second)
        _ = try await store.rollback(environment: "staging", reason: "broken", user: "ci")
        await #expect {
            try await store.promote(.init(bundlePath: second.path, environment: "production", user: "ci"))
        } throws: { error in
            guard case PromotionError.refused(_, let reasons) = error else { return false }
            return reasons.count == 1 && reasons[0].reason.contains("rolled back out of staging")
                && reasons[0].remedy == .promote(bundlePath: second.path, environment: "staging")
        }
        #expect(try store.current(environment: "production") == nil)
        // The release below the current one in staging's stack still counts.
        _ = try await store.promote(.init(bundlePath: second.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, first)
        let accepted = try await store.promote(.init(bundlePath: first.path, environment: "production", user: "ci"))
        #expect(accepted.checks.contains("it is in staging"))
    }

    @Test("Opening an existing store creates nothing; a folder that is not a store is refused")
    func existingStore() async throws {
        let missing = try ReleaseFixtures.temporaryDirectory() + "/typo/store"
        #expect(throws: ReleaseStoreError.self) { try ReleaseStore(existing: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
        let empty = try ReleaseFixtures.temporaryDirectory()
        #expect(throws: ReleaseStoreError.self) { try ReleaseStore(existing: empty) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty)
        let store = try ReleaseFixtures.store()
        #expect(try ReleaseStore(existing: store.directory).directory == store.directory)
    }

    @Test("A replacement that fails half-way leaves no temporary file behind")
    func replaceCleansUp() throws {
        let folder = try ReleaseFixtures.temporaryDirectory()
        let path = folder + "/pointer.json"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: FileSystem.Failure.self) {
            try FileSystem.replace(path, with: Data("new".utf8)) {
                (temporary: String, data: Data, flags: Int32) throws(FileSystem.Failure) in
                try FileSystem.write(temporary, data.prefix(1), flags: flags)
                throw FileSystem.Failure(path: temporary, operation: "flush", code: EIO)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["pointer.json"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        // A rename that fails (the destination is a folder that is not empty) cleans up too.
        let occupied = folder + "/occupied"
        try FileManager.default.createDirectory(atPath: occupied + "/inside", withIntermediateDirectories: true)
        #expect(throws: FileSystem.Failure.self) { try FileSystem.replace(occupied, with: Data("x".utf8)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["occupied", "pointer.json"])
    }
}
