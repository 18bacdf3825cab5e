import Foundation
import HandbookModel
import Testing

@testable import Releases

@Suite("Promotion and rollback")
struct PromotionTests {
    @Test("The first environment accepts a bundle that opens and verifies; the store keeps an immutable copy")
    func firstEnvironment() async throws {
        let store = try ReleaseFixtures.store()
        let bundle = try ReleaseFixtures.bundle()
        #expect(try store.current(environment: "staging") == nil)
        let outcome = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "alice"))
        let release = try #require(try store.current(environment: "staging"))
        #expect(release.contentHash == bundle.metadata.contentHash)
        #expect(release == outcome.release)
        #expect(release.promotedBy == "alice" && release.handbook == "items" && release.version == "1.0.0")
        #expect(release.bundlePath == store.directory + "/bundles/" + ReleaseStore.hex(release.contentHash) + ".hb")
        // The copy is a sound bundle and read-only.
        #expect(try ReleaseStore.verifiedBundle(at: release.bundlePath).metadata.contentHash == release.contentHash)
        #expect(!FileManager.default.isWritableFile(atPath: release.bundlePath) || getuid() == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: release.bundlePath)
        #expect((attributes[.posixPermissions] as? Int) == 0o444)
        let log = try store.log()
        #expect(log.count == 1)
        #expect(log[0].action == .promote && log[0].environment == "staging" && log[0].previousHash == nil)
        #expect(log[0].who == "alice" && log[0].contentHash == release.contentHash)
        // Promoting the same bundle again changes nothing and logs nothing.
        let again = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "alice"))
        #expect(again.alreadyCurrent)
        #expect(try store.log().count == 1)
    }

    @Test("A damaged bundle is refused before anything is written")
    func damagedBundle() async throws {
        let store = try ReleaseFixtures.store()
        let bundle = try ReleaseFixtures.bundle()
        let damaged = try ReleaseFixtures.temporaryDirectory() + "/damaged.hb"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: bundle.path))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: damaged))
        await #expect(throws: BundleError.self) {
            try await store.promote(.init(bundlePath: damaged, environment: "staging", user: "bob"))
        }
        #expect(try store.current(environment: "staging") == nil)
        #expect(try store.log().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory + "/bundles").isEmpty)
    }

    @Test("An environment outside the promotion order is refused with the allowed names")
    func unknownEnvironment() async throws {
        let store = try ReleaseFixtures.store()
        let bundle = try ReleaseFixtures.bundle(promotion: ["qa", "staging", "production"])
        #expect(bundle.metadata.handbook.promotion == ["qa", "staging", "production"])
        do {
            _ = try await store.promote(.init(bundlePath: bundle.path, environment: "prod", user: "bob"))
            Issue.record("promotion to an unknown environment was accepted")
        } catch PromotionError.unknownEnvironment(let name, let allowed) {
            #expect(name == "prod")
            #expect(allowed == ["qa", "staging", "production"])
        }
        // With that order, staging is not the first environment any more.
        do {
            _ = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "bob"))
            Issue.record("staging accepted a bundle that never was in qa")
        } catch PromotionError.refused(_, let reasons) {
            #expect(reasons.contains { $0.reason.contains("never in qa") })
        }
    }

    @Test("Production refuses a bundle that skipped staging and was never tested, listing every reason")
    func refusedWithEveryReason() async throws {
        let store = try ReleaseFixtures.store()
        let bundle = try ReleaseFixtures.bundle()
        do {
            _ = try await store.promote(.init(bundlePath: bundle.path, environment: "production", user: "bob"))
            Issue.record("production accepted an untested bundle")
        } catch PromotionError.refused(let environment, let reasons) {
            #expect(environment == "production")
            #expect(reasons.count == 2)
            #expect(
                reasons.contains {
                    $0.reason.contains("never in staging")
                        && $0.remedy == .promote(bundlePath: bundle.path, environment: "staging")
                })
            #expect(
                reasons.contains {
                    $0.reason.contains("never run")
                        && $0.remedy == .recordTests(bundlePath: bundle.path, environment: "staging")
                })
            #expect(
                reasons.allSatisfy { !$0.description.contains("--") && !$0.description.contains("hbc ") },
                "the library names no command or flag")
        }
        #expect(try store.current(environment: "production") == nil)
        #expect(try store.log().isEmpty)
    }

    @Test("Production refuses failed tests and tests never run, and accepts the bundle once a later run passes")
    func testResultsGatePromotion() async throws {
        let store = try ReleaseFixtures.store()
        let bundle = try ReleaseFixtures.bundle()
        _ = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "ci"))

        // Only one of the two tests ran.
        try await store.recordTestRun(
            bundle.metadata, results: [("items/list items", [])],
            run: .init(
                when: ReleaseStore.timestamp(), who: "ci", passed: 1, failed: 0, environment: "staging",
                baseURL: nil, mock: false, selection: ["suite items"]))
        await #expect {
            try await store.promote(.init(bundlePath: bundle.path, environment: "production", user: "ci"))
        } throws: { error in
            guard case PromotionError.refused(_, let reasons) = error else { return false }
            return reasons.count == 1 && reasons[0].description.contains("1 of 2")
                && reasons[0].description.contains("items/get an item")
        }

        // A failing run overrides the passing result.
        try await ReleaseFixtures.recordTests(store, bundle, failing: ["items/list items"])
        #expect(try store.testRuns(contentHash: bundle.metadata.contentHash)?.failedTests == ["items/list items"])
        await #expect {
            try await store.promote(.init(bundlePath: bundle.path, environment: "production", user: "ci"))
        } throws: { error in
            guard case PromotionError.refused(_, let reasons) = error else { return false }
            return reasons.count == 1 && reasons[0].reason.contains("failed")
                && reasons[0].details.contains {
                    $0.contains("items/list items") && $0.contains("expected status 200, got 500")
                }
        }

        // A later green run makes it promotable.
        try await ReleaseFixtures.recordTests(store, bundle)
        let outcome = try await store.promote(.init(bundlePath: bundle.path, environment: "production", user: "ci"))
        #expect(outcome.release.contentHash == bundle.metadata.contentHash)
        #expect(outcome.checks.contains { $0.contains("all 2 regression tests passed") })
        let record = try #require(try store.testRuns(contentHash: bundle.metadata.contentHash))
        #expect(record.runs.count == 3)
        #expect(record.results.values.allSatisfy { $0.passed })
    }

    @Test("Recorded test runs keep no credentials of the base URL")
    func baseURLWithoutCredentials() {
        let run = TestRunRecord.Run(
            when: "now", who: "ci", passed: 1, failed: 0, environment: nil,
            baseURL: "https://user:s3cret@api.example.com/v1?token=abc#x", mock: false, selection: [])
        #expect(run.baseURL == "https://api.example.com/v1")
        #expect(!run.target.contains("s3cret") && !run.target.contains("abc"))
    }

    /// Puts `bundle` in staging, records green tests, and promotes it to production.
    private func release(
        _ bundle: BundleReader, in store: ReleaseStore, allowBreaking: Bool = false
    ) async throws
        -> PromotionOutcome
    {
        _ = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, bundle)
        return try await store.promote(
            .init(
                bundlePath: bundle.path, environment: "production", allowBreaking: allowBreaking,
                reason: allowBreaking ? "clients updated" : nil, user: "ci"))
    }

    @Test("Production accepts a compatible green bundle and refuses a breaking one unless overridden (logged)")
    func compatibility() async throws {
        let store = try ReleaseFixtures.store()
        let first = try ReleaseFixtures.bundle()
        _ = try await release(first, in: store)

        let compatible = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        let accepted = try await release(compatible, in: store)
        #expect(accepted.previous?.contentHash == first.metadata.contentHash)
        #expect(accepted.checks.contains { $0.contains("no breaking change") })

        let breaking = try ReleaseFixtures.bundle(version: "2.0.0", .breakingUpdate)
        _ = try await store.promote(.init(bundlePath: breaking.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, breaking)
        do {
            _ = try await store.promote(.init(bundlePath: breaking.path, environment: "production", user: "ci"))
            Issue.record("production accepted a breaking bundle")
        } catch PromotionError.refused(_, let reasons) {
            #expect(reasons.count == 1)
            #expect(reasons[0].reason.contains("breaking change") && reasons[0].description.contains("updateItem"))
            #expect(reasons[0].remedy == .allowBreaking)
        }
        #expect(try store.current(environment: "production")?.contentHash == compatible.metadata.contentHash)

        // --allow-breaking needs a reason.
        await #expect(throws: ReleaseStoreError.self) {
            try await store.promote(
                .init(
                    bundlePath: breaking.path, environment: "production", allowBreaking: true,
                    reason: " ", user: "ci"))
        }
        let forced = try await store.promote(
            .init(
                bundlePath: breaking.path, environment: "production", allowBreaking: true, reason: "clients updated",
                user: "carol"))
        #expect(forced.overrides.count == 1 && forced.overrides[0].hasPrefix("allow-breaking"))
        let last = try #require(try store.log().last)
        #expect(last.action == .promote && last.environment == "production" && last.who == "carol")
        #expect(last.reason == "clients updated" && last.overrides == forced.overrides)
        #expect(last.previousHash == compatible.metadata.contentHash)
    }

    @Test("Rollback restores the previous hash atomically, is logged, and refuses when there is nothing earlier")
    func rollback() async throws {
        let store = try ReleaseFixtures.store()
        let first = try ReleaseFixtures.bundle()
        let second = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        let third = try ReleaseFixtures.bundle(version: "1.2.0", .compatible)
        for bundle in [first, second, third] {
            _ = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "ci"))
        }
        let back = try await store.rollback(environment: "staging", reason: "latency", user: "dave")
        #expect(back.release.contentHash == second.metadata.contentHash)
        #expect(back.rolledBack.contentHash == third.metadata.contentHash)
        #expect(try store.current(environment: "staging")?.contentHash == second.metadata.contentHash)
        #expect(try store.current(environment: "staging")?.promotedBy == "dave")
        let event = try #require(try store.log().last)
        #expect(event.action == .rollback && event.reason == "latency" && event.who == "dave")
        #expect(event.contentHash == second.metadata.contentHash && event.previousHash == third.metadata.contentHash)

        _ = try await store.rollback(environment: "staging", reason: nil, user: "dave")
        #expect(try store.current(environment: "staging")?.contentHash == first.metadata.contentHash)
        await #expect {
            try await store.rollback(environment: "staging", reason: nil, user: "dave")
        } throws: { error in
            guard case PromotionError.nothingToRollBack(let environment, let reason) = error else { return false }
            return environment == "staging" && reason.contains("first release")
        }
        await #expect {
            try await store.rollback(environment: "production", reason: nil, user: "dave")
        } throws: { error in
            guard case PromotionError.nothingToRollBack(_, let reason) = error else { return false }
            return reason.contains("nothing was ever promoted")
        }
        #expect(
            try store.history(environment: "staging").map(\.action) == [
                .promote, .promote, .promote, .rollback, .rollback,
            ])
    }

    @Test("Readers see the old pointer or the new one, never a mix, while promotions switch it")
    func atomicSwitch() async throws {
        let store = try ReleaseFixtures.store()
        // Large pointers (a long reason) make a torn write visible if the switch were not atomic.
        let releases = (0..<2).map { index in
            Release(
                environment: "production",
                contentHash: "sha256:" + String(repeating: index == 0 ? "a" : "b", count: 64),
                bundlePath: "", handbook: "items", version: "1.0.\(index)", promotedAt: ReleaseStore.timestamp(),
                promotedBy: "ci", reason: String(repeating: index == 0 ? "x" : "y", count: 200_000))
        }
        try store.setCurrent(releases[0])
        let hashes = Set(releases.map(\.contentHash))
        let writer = Task.detached {
            for round in 0..<300 { try store.setCurrent(releases[round % 2]) }
        }
        let readers = (0..<3).map { _ in
            Task.detached { () -> (reads: Int, bad: Int) in
                var reads = 0, bad = 0
                for _ in 0..<400 {
                    do {
                        let release = try store.current(environment: "production")
                        reads += 1
                        guard let release, hashes.contains(release.contentHash),
                            release.reason
                                == String(repeating: release.contentHash.hasSuffix("a") ? "x" : "y", count: 200_000)
                        else {
                            bad += 1
                            continue
                        }
                    } catch {
                        bad += 1
                    }
                }
                return (reads, bad)
            }
        }
        try await writer.value
        for reader in readers {
            let (reads, bad) = await reader.value
            #expect(reads == 400)
            #expect(bad == 0)
        }
        // No temporary files are left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: store.directory + "/environments") == [
                "production.json"
            ])
    }

    @Test("Concurrent promotions are serialized: every one is logged once, in a consistent chain")
    func concurrentPromotions() async throws {
        let store = try ReleaseFixtures.store()
        let bundles = try (0..<4).map { try ReleaseFixtures.bundle(version: "1.0.\($0)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for bundle in bundles {
                group.addTask {
                    // A separate store value per task, as separate processes would have.
                    let own = try ReleaseStore(directory: store.directory)
                    _ = try await own.promote(.init(bundlePath: bundle.path, environment: "staging", user: "ci"))
                }
            }
            try await group.waitForAll()
        }
        let log = try store.log()
        #expect(log.count == 4)
        #expect(Set(log.map(\.contentHash)) == Set(bundles.map(\.metadata.contentHash)))
        // Each promotion saw the one before it as previous.
        for (earlier, later) in zip(log, log.dropFirst()) { #expect(later.previousHash == earlier.contentHash) }
        #expect(try store.current(environment: "staging")?.contentHash == log.last?.contentHash)
    }

    @Test("The default store is --store, else HBC_STORE, else .hbc/store; who is HBC_USER")
    func defaults() {
        #expect(
            ReleaseStore.defaultDirectory(explicit: "/s", environment: ["HBC_STORE": "/e"], currentDirectory: "/c")
                == "/s")
        #expect(
            ReleaseStore.defaultDirectory(explicit: nil, environment: ["HBC_STORE": "/e"], currentDirectory: "/c")
                == "/e")
        #expect(
            ReleaseStore.defaultDirectory(explicit: nil, environment: [:], currentDirectory: "/c") == "/c/.hbc/store")
        #expect(ReleaseStore.currentUser(environment: ["HBC_USER": "erin"]) == "erin")
        #expect(!ReleaseStore.currentUser(environment: [:]).isEmpty)
    }

    @Test("Environment names that are not file names are refused")
    func environmentNames() throws {
        let store = try ReleaseFixtures.store()
        #expect(throws: ReleaseStoreError.self) { try store.current(environment: "../etc") }
        #expect(throws: ReleaseStoreError.self) { try store.current(environment: ".hidden") }
    }
}

@Suite("Learned plans move along with promotions")
struct PlanCarryOverTests {
    /// Staging runs `bundle` with two learned plans (rename: listItems → updateItem; get: getItem), production runs
    /// `bundle` too.
    private func storeWithLearnedPlans(
        _ bundle: BundleReader
    ) async throws -> (ReleaseStore, rename: String, get: String) {
        let store = try ReleaseFixtures.store()
        _ = try await store.promote(.init(bundlePath: bundle.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, bundle)
        _ = try await store.promote(.init(bundlePath: bundle.path, environment: "production", user: "ci"))
        let staging = try PlanCache(path: store.statePath(environment: "staging"))
        let running = try #require(try store.current(environment: "staging"))
        let reader = try BundleReader(path: running.bundlePath)
        let rename = try await staging.store(
            request: "rename the widget", vector: [0.6, 0.8], plan: ReleaseFixtures.renamePlan, reader: reader)
        let get = try await staging.store(
            request: "show item 7", vector: nil, plan: ReleaseFixtures.getPlan, reader: reader)
        return (store, rename, get)
    }

    @Test("A compatible promotion carries every valid plan, re-validating those whose operations changed")
    func compatibleCarriesAll() async throws {
        let first = try ReleaseFixtures.bundle()
        let (store, rename, get) = try await storeWithLearnedPlans(first)
        let next = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        _ = try await store.promote(.init(bundlePath: next.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, next)
        let outcome = try await store.promote(.init(bundlePath: next.path, environment: "production", user: "ci"))
        let plans = try #require(outcome.plans)
        #expect(outcome.plansFrom == "staging")
        #expect(plans.carried.sorted() == [rename, get].sorted())
        #expect(plans.revalidated == 2)
        #expect(plans.dropped.isEmpty)
        let production = try PlanCache(path: store.statePath(environment: "production"))
        let entry = try #require(try await production.storedEntry(id: rename))
        #expect(entry.valid && entry.bundleHash == next.metadata.contentHash)
        #expect(
            entry.fingerprints["listItems"]
                == (try next.operationSummaries().first { $0.id == "listItems" }?.fingerprint))
        #expect(entry.requestVector != nil)
        // The production server starting on the bundle finds nothing stale.
        let check = try await production.revalidate(against: try BundleReader(path: outcome.release.bundlePath))
        #expect(check.unchanged == 2 && check.invalidated.isEmpty)
        let event = try #require(try store.log().last)
        #expect(event.plansCarried == 2 && event.plansDropped == 0 && event.plansFrom == "staging")
    }

    @Test("A breaking promotion (overridden) carries the plans still valid and drops the others with the reason")
    func breakingDropsSome() async throws {
        let first = try ReleaseFixtures.bundle()
        let (store, rename, get) = try await storeWithLearnedPlans(first)
        let next = try ReleaseFixtures.bundle(version: "2.0.0", .breakingUpdate)
        _ = try await store.promote(.init(bundlePath: next.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, next)
        let outcome = try await store.promote(
            .init(
                bundlePath: next.path, environment: "production", allowBreaking: true, reason: "v2 rollout", user: "ci")
        )
        let plans = try #require(outcome.plans)
        #expect(plans.carried == [get])
        #expect(plans.dropped.map(\.id) == [rename])
        #expect(plans.dropped.first?.reason.contains("updateItem") == true)
        let production = try PlanCache(path: store.statePath(environment: "production"))
        #expect(try await production.storedEntry(id: get)?.valid == true)
        #expect(try await production.storedEntry(id: rename) == nil)
        let event = try #require(try store.log().last)
        #expect(event.plansCarried == 1 && event.plansDropped == 1)
    }

    @Test("A carried plan stays its tenant's")
    func carriedPlansKeepTheirTenant() async throws {
        let first = try ReleaseFixtures.bundle()
        let (store, _, _) = try await storeWithLearnedPlans(first)
        let staging = try PlanCache(path: store.statePath(environment: "staging"))
        let running = try #require(try store.current(environment: "staging"))
        let tenants = try await staging.store(
            request: "show item 9 of acme", vector: nil, plan: ReleaseFixtures.getPlan,
            reader: try BundleReader(path: running.bundlePath), tenant: "acme")
        let next = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        _ = try await store.promote(.init(bundlePath: next.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, next)
        let outcome = try await store.promote(.init(bundlePath: next.path, environment: "production", user: "ci"))
        #expect(outcome.plans?.carried.contains(tenants) == true)
        let production = try PlanCache(path: store.statePath(environment: "production"))
        #expect(try await production.storedEntry(id: tenants)?.tenant == "acme")
    }

    @Test("Plans already invalid in the source are dropped and counted")
    func invalidInSourceDropped() async throws {
        let first = try ReleaseFixtures.bundle()
        let (store, rename, _) = try await storeWithLearnedPlans(first)
        let staging = try PlanCache(path: store.statePath(environment: "staging"))
        // Staging's server restarted on a bundle without `name` on listItems: the rename plan went invalid there.
        _ = try await staging.revalidate(against: try ReleaseFixtures.bundle(version: "3.0.0", .listWithoutName))
        let next = try ReleaseFixtures.bundle(version: "1.1.0", .compatible)
        _ = try await store.promote(.init(bundlePath: next.path, environment: "staging", user: "ci"))
        try await ReleaseFixtures.recordTests(store, next)
        let outcome = try await store.promote(.init(bundlePath: next.path, environment: "production", user: "ci"))
        let dropped = try #require(outcome.plans?.dropped.first)
        #expect(dropped.id == rename)
        #expect(dropped.reason.hasPrefix("already invalid in staging"))
    }
}
