import Compatibility
import Foundation
import HandbookModel

extension ReleaseStore {
    /// Puts a bundle in an environment, or refuses with every reason.
    ///
    /// Environments follow the store's promotion order (``PromotionOrder``, pinned from the bundle of the store's
    /// first promotion); a bundle declaring another order is refused. The first environment accepts any bundle that
    /// opens and verifies. A later one also requires: the bundle is in the previous environment (its current release,
    /// or one below it in its release stack: a release rolled back out of it does not count); its recorded regression
    /// tests all passed (every test of the bundle has a recorded result and none failed); and no breaking change
    /// against what the environment runs now, unless `allowBreaking` (with a reason; logged). Learned plans of the
    /// previous environment that still fit the bundle are carried into the environment's state, the others dropped and
    /// counted; they become visible there only once the pointer is switched and the event logged.
    public func promote(_ request: PromotionRequest) async throws -> PromotionOutcome {
        let source = try Self.verifiedBundle(at: request.bundlePath)
        let metadata = source.metadata
        try Self.checkEnvironmentName(request.environment)
        if request.allowBreaking, (request.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReleaseStoreError("allowing breaking changes needs a reason (it is written to the release log)")
        }
        let hash = metadata.contentHash
        return try await withLock {
            let (order, pinned) = try effectivePromotionOrder(for: metadata, user: request.user)
            var reasons: [PromotionRefusal] = []
            let declared = metadata.handbook.promotion
            if declared != order.environments {
                reasons.append(
                    PromotionRefusal(
                        "the bundle declares the promotion order \(declared.joined(separator: " → ")), but this store "
                            + "promotes through \(order.arrows) (\(promotionOrderPath), set by \(order.setBy) at "
                            + "\(order.setAt) from \(order.source)); build it with that `promotion` order, or change the "
                            + "store's order deliberately, with a reason",
                        remedy: .setPromotionOrder(environments: declared)))
            }
            guard let position = order.environments.firstIndex(of: request.environment) else {
                if !reasons.isEmpty { throw PromotionError.refused(environment: request.environment, reasons: reasons) }
                throw PromotionError.unknownEnvironment(request.environment, allowed: order.environments)
            }
            let previous = try current(environment: request.environment)
            if reasons.isEmpty, let previous, previous.contentHash == hash {
                return PromotionOutcome(
                    release: previous, previous: previous, checks: ["\(hash) already runs in \(request.environment)"],
                    overrides: [], plansFrom: nil, plans: nil, alreadyCurrent: true, event: nil)
            }
            var checks = ["\(request.bundlePath) opens and verifies (\(hash))"]
            if reasons.isEmpty {
                checks.append(
                    pinned
                        ? "the store's promotion order is \(order.arrows)"
                        : "the store's promotion order is now \(order.arrows), from \(order.source)")
            }
            var overrides: [String] = []
            let sourceEnvironment = position > 0 ? order.environments[position - 1] : nil
            if let sourceEnvironment {
                // 1. It is in the environment before this one (not rolled back out of it).
                if try releaseStack(environment: sourceEnvironment).contains(where: { $0.contentHash == hash }) {
                    checks.append("it is in \(sourceEnvironment)")
                } else if try history(environment: sourceEnvironment).contains(where: { $0.contentHash == hash }) {
                    reasons.append(
                        PromotionRefusal(
                            "it was rolled back out of \(sourceEnvironment): promote it there again first",
                            remedy: .promote(bundlePath: request.bundlePath, environment: sourceEnvironment)))
                } else {
                    reasons.append(
                        PromotionRefusal(
                            "it was never in \(sourceEnvironment): promote it there first",
                            remedy: .promote(bundlePath: request.bundlePath, environment: sourceEnvironment)))
                }
                // 2. Its regression tests passed.
                let (testCheck, testReasons) = try testsCheck(
                    source, storeHint: sourceEnvironment, bundle: request.bundlePath)
                if let testCheck { checks.append(testCheck) }
                reasons += testReasons
                // 3. It is compatible with what the environment runs now.
                if let previous {
                    let running = try BundleReader(path: previous.bundlePath)
                    let diff = try BundleDiff(old: running, new: source)
                    if diff.hasBreakingChanges {
                        let summary =
                            "\(diff.breakingSummary.count) breaking change(s) against \(request.environment)'s "
                            + "\(previous.handbook) \(previous.version) (\(previous.contentHash))"
                        if request.allowBreaking {
                            overrides.append("allow-breaking: \(summary)")
                        } else {
                            reasons.append(
                                PromotionRefusal(
                                    "\(summary); fix them, or promote anyway allowing breaking changes, with a reason",
                                    remedy: .allowBreaking, details: diff.breakingSummary.map { "      \($0)" }))
                        }
                    } else {
                        checks.append("no breaking change against \(request.environment)'s \(previous.contentHash)")
                    }
                }
            }
            guard reasons.isEmpty else {
                throw PromotionError.refused(environment: request.environment, reasons: reasons)
            }

            let stored = try importBundle(source)
            // Which learned plans fit the bundle is decided now; they are written once the switch succeeded.
            var carry: PlanCache.Carry?
            if let sourceEnvironment {
                carry = try await checkPlans(
                    from: sourceEnvironment, at: state(of: sourceEnvironment, request), against: stored)
            }
            let release = Release(
                environment: request.environment, contentHash: hash, bundlePath: stored.path,
                handbook: metadata.handbook.name, version: metadata.handbook.version,
                promotedAt: Self.timestamp(), promotedBy: request.user, reason: request.reason)
            let event = ReleaseEvent(
                action: .promote, environment: request.environment, contentHash: hash,
                previousHash: previous?.contentHash, handbook: release.handbook, version: release.version,
                when: release.promotedAt, who: request.user, reason: request.reason, overrides: overrides,
                plansFrom: sourceEnvironment, plansCarried: carry?.report.carried.count ?? 0,
                plansDropped: carry?.report.dropped.count ?? 0)
            if !pinned { try writePromotionOrder(order) }
            let target = state(of: request.environment, request)
            do {
                if let carry, !carry.isEmpty {
                    // The carried plans are committed only once the pointer switch and its log line succeeded: a
                    // server still on the old bundle never finds them before the switch, nor after a failed one.
                    try await target.planCache().adopt(carry) { [self] in
                        try switchTo(release, logging: event, restoring: previous)
                    }
                } else {
                    try switchTo(release, logging: event, restoring: previous)
                }
            } catch let failure as PlanCache.CommitFailure {
                throw ReleaseStoreError(
                    "\(request.environment) now runs \(hash) (logged), but the learned plans carried from "
                        + "\(sourceEnvironment ?? "?") could not be written to \(target): \(failure.underlying); its server "
                        + "learns them again")
            } catch {
                if !pinned { try? FileManager.default.removeItem(atPath: promotionOrderPath) }
                if error is ReleaseStoreError { throw error }
                throw ReleaseStoreError("cannot carry learned plans into \(target): \(error)")
            }
            return PromotionOutcome(
                release: release, previous: previous, checks: checks, overrides: overrides,
                plansFrom: sourceEnvironment,
                plans: carry?.report, alreadyCurrent: false, event: event)
        }
    }

    /// Whether the bundle's recorded regression tests all passed: (the check that held, or the refusal reasons).
    private func testsCheck(
        _ bundle: BundleReader, storeHint: String, bundle path: String
    ) throws -> (String?, [PromotionRefusal]) {
        let hash = bundle.metadata.contentHash
        let tests = try bundle.tests().map(\.id)
        let record = PromotionRefusal.Remedy.recordTests(bundlePath: path, environment: storeHint)
        guard !tests.isEmpty else {
            return (
                nil,
                [
                    PromotionRefusal(
                        "the bundle has no regression tests; add some (docs/handbook-format.md, `tests:`), run them against "
                            + "\(storeHint) and record the results in this store", remedy: record)
                ]
            )
        }
        guard let runs = try testRuns(contentHash: hash) else {
            return (
                nil,
                [
                    PromotionRefusal(
                        "its regression tests were never run for \(hash); run them against \(storeHint) and record the "
                            + "results in this store", remedy: record)
                ]
            )
        }
        var reasons: [PromotionRefusal] = []
        let failed = runs.failedTests.filter(tests.contains)
        if !failed.isEmpty {
            let lines = failed.prefix(10).map { test in
                "      \(test): " + (runs.results[test]?.failures.first ?? "failed")
            }
            let more = failed.count > 10 ? ["      … and \(failed.count - 10) more"] : []
            reasons.append(
                PromotionRefusal(
                    "\(failed.count) of \(tests.count) regression test(s) failed in the recorded runs; fix them, run them "
                        + "again and record the results", remedy: record, details: lines + more))
        }
        let missing = runs.neverRan(tests)
        if !missing.isEmpty {
            reasons.append(
                PromotionRefusal(
                    "\(missing.count) of \(tests.count) regression test(s) were never run for this bundle "
                        + "(\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")); run them "
                        + "and record the results", remedy: record))
        }
        guard reasons.isEmpty else { return (nil, reasons) }
        let last = runs.runs.last
        return (
            "all \(tests.count) regression tests passed (last run \(last?.when ?? "?") against \(last?.target ?? "?"))",
            []
        )
    }

    /// The state database of `environment`: the request's, else the store's file.
    private func state(of environment: String, _ request: PromotionRequest) -> StateLocation {
        request.states[environment] ?? .sqlite(path: statePath(environment: environment))
    }

    /// The learned plans of `source`'s state (at `sourcePath`) checked against `bundle` (nothing is written).
    private func checkPlans(
        from source: String, at sourcePath: StateLocation, against bundle: BundleReader
    ) async throws -> PlanCache.Carry {
        do {
            let entries = sourcePath.exists ? try await sourcePath.planCache().entries() : []
            return try PlanCache.check(entries, from: source, against: bundle)
        } catch {
            throw ReleaseStoreError("cannot check the learned plans of \(sourcePath) against \(bundle.path): \(error)")
        }
    }
}
