import Compatibility
import Foundation
import HandbookModel

/// What `hbc promote FILE.hb --to ENV` asks for.
public struct PromotionRequest: Sendable {
    /// The bundle file to promote.
    public var bundlePath: String
    /// The target environment.
    public var environment: String
    /// Promote despite breaking changes against what the environment runs now (needs a reason; logged).
    public var allowBreaking: Bool
    /// Why (logged; required with `allowBreaking`).
    public var reason: String?
    /// Who promotes.
    public var user: String

    public init(bundlePath: String, environment: String, allowBreaking: Bool = false, reason: String? = nil,
                user: String = ReleaseStore.currentUser()) {
        self.bundlePath = bundlePath
        self.environment = environment
        self.allowBreaking = allowBreaking
        self.reason = reason
        self.user = user
    }
}

/// What a promotion did.
public struct PromotionOutcome: Sendable {
    /// What runs in the environment now.
    public var release: Release
    /// What ran there before.
    public var previous: Release?
    /// The checks that held, in words.
    public var checks: [String]
    /// Checks overridden (`--allow-breaking`), in words; logged.
    public var overrides: [String]
    /// The environment whose learned plans were carried, if any.
    public var plansFrom: String?
    /// What carrying the learned plans did (`nil` for the first environment, which has no source).
    public var plans: PlanCache.CarryReport?
    /// The bundle already ran there: nothing changed and nothing was logged.
    public var alreadyCurrent: Bool
    /// The event appended to the log (`nil` when nothing changed).
    public var event: ReleaseEvent?
}

/// What a rollback did.
public struct RollbackOutcome: Sendable {
    /// What runs in the environment now (the earlier release).
    public var release: Release
    /// What was rolled back.
    public var rolledBack: Release
    /// The event appended to the log.
    public var event: ReleaseEvent
}

/// Why a promotion or rollback did not happen.
public enum PromotionError: Error, Sendable, CustomStringConvertible {
    /// The promotion was refused; every reason, each a sentence saying what to do. Exit status 1.
    case refused(environment: String, reasons: [String])
    /// The environment is not in the bundle's promotion order. Exit status 2.
    case unknownEnvironment(String, allowed: [String])
    /// Nothing to roll back to. Exit status 1.
    case nothingToRollBack(environment: String, reason: String)

    public var description: String {
        switch self {
        case .refused(let environment, let reasons):
            "promotion to \(environment) refused:\n" + reasons.map { "  - \($0)" }.joined(separator: "\n")
        case .unknownEnvironment(let name, let allowed):
            "unknown environment '\(name)': this bundle is promoted through \(allowed.joined(separator: " → ")) "
                + "(the manifest's `promotion` key)"
        case .nothingToRollBack(let environment, let reason):
            "cannot roll back \(environment): \(reason)"
        }
    }
}

extension ReleaseStore {
    /// Puts a bundle in an environment, or refuses with every reason.
    ///
    /// The first environment of the bundle's promotion order accepts any bundle that opens and verifies. A later one
    /// also requires: the bundle was in the previous environment; its recorded regression tests all passed (every
    /// test of the bundle has a recorded result and none failed); and no breaking change against what the environment
    /// runs now, unless `allowBreaking` (with a reason; logged). Learned plans of the previous environment that still
    /// fit the bundle are carried into the environment's state, the others dropped and counted. The pointer switch is
    /// atomic; the event is appended to the log.
    public func promote(_ request: PromotionRequest) async throws -> PromotionOutcome {
        let source = try Self.verifiedBundle(at: request.bundlePath)
        let metadata = source.metadata
        let order = metadata.handbook.promotion
        guard let position = order.firstIndex(of: request.environment) else {
            throw PromotionError.unknownEnvironment(request.environment, allowed: order)
        }
        try Self.checkEnvironmentName(request.environment)
        if request.allowBreaking, (request.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReleaseStoreError("--allow-breaking needs --reason \"why\" (it is written to the release log)")
        }
        let hash = metadata.contentHash
        return try await withLock {
            let previous = try current(environment: request.environment)
            if let previous, previous.contentHash == hash {
                return PromotionOutcome(
                    release: previous, previous: previous, checks: ["\(hash) already runs in \(request.environment)"],
                    overrides: [], plansFrom: nil, plans: nil, alreadyCurrent: true, event: nil)
            }
            var checks = ["\(request.bundlePath) opens and verifies (\(hash))"]
            var reasons: [String] = []
            var overrides: [String] = []
            let sourceEnvironment = position > 0 ? order[position - 1] : nil
            if let sourceEnvironment {
                // 1. It ran in the environment before this one.
                if try history(environment: sourceEnvironment).contains(where: { $0.contentHash == hash }) {
                    checks.append("it was promoted to \(sourceEnvironment) first")
                } else {
                    reasons.append(
                        "it was never in \(sourceEnvironment): promote it there first "
                            + "(hbc promote \(request.bundlePath) --to \(sourceEnvironment))")
                }
                // 2. Its regression tests passed.
                let (testCheck, testReasons) = try testsCheck(source, storeHint: sourceEnvironment, bundle: request.bundlePath)
                if let testCheck { checks.append(testCheck) }
                reasons += testReasons
                // 3. It is compatible with what the environment runs now.
                if let previous {
                    let running = try BundleReader(path: previous.bundlePath)
                    let diff = try BundleDiff(old: running, new: source)
                    if diff.hasBreakingChanges {
                        let summary = "\(diff.breakingSummary.count) breaking change(s) against \(request.environment)'s "
                            + "\(previous.handbook) \(previous.version) (\(previous.contentHash))"
                        if request.allowBreaking {
                            overrides.append("allow-breaking: \(summary)")
                        } else {
                            reasons.append(
                                "\(summary); fix them, or promote anyway with --allow-breaking --reason \"…\":\n"
                                    + diff.breakingSummary.map { "      \($0)" }.joined(separator: "\n"))
                        }
                    } else {
                        checks.append("no breaking change against \(request.environment)'s \(previous.contentHash)")
                    }
                }
            }
            guard reasons.isEmpty else { throw PromotionError.refused(environment: request.environment, reasons: reasons) }

            let stored = try importBundle(source)
            // Learned plans move along before the switch, so a server starting on the new bundle finds them.
            var carry: PlanCache.CarryReport?
            if let sourceEnvironment {
                carry = try await carryPlans(from: sourceEnvironment, to: request.environment, against: stored)
            }
            let release = Release(
                environment: request.environment, contentHash: hash, bundlePath: stored.path,
                handbook: metadata.handbook.name, version: metadata.handbook.version,
                promotedAt: Self.timestamp(), promotedBy: request.user, reason: request.reason)
            let event = ReleaseEvent(
                action: .promote, environment: request.environment, contentHash: hash,
                previousHash: previous?.contentHash, handbook: release.handbook, version: release.version,
                when: release.promotedAt, who: request.user, reason: request.reason, overrides: overrides,
                plansFrom: sourceEnvironment, plansCarried: carry?.carried.count ?? 0,
                plansDropped: carry?.dropped.count ?? 0)
            try switchTo(release, logging: event, restoring: previous)
            return PromotionOutcome(
                release: release, previous: previous, checks: checks, overrides: overrides, plansFrom: sourceEnvironment,
                plans: carry, alreadyCurrent: false, event: event)
        }
    }

    /// Restores the release an environment ran before its current one (the previous entry of its release stack:
    /// promotions push, rollbacks pop), atomically, and logs it.
    public func rollback(environment: String, reason: String?, user: String = ReleaseStore.currentUser()) async throws
        -> RollbackOutcome
    {
        try Self.checkEnvironmentName(environment)
        return try await withLock {
            guard let current = try current(environment: environment) else {
                throw PromotionError.nothingToRollBack(
                    environment: environment, reason: "nothing was ever promoted there (see `hbc releases`)")
            }
            let stack = try releaseStack(environment: environment)
            guard stack.count >= 2, let earlier = stack.dropLast().last else {
                throw PromotionError.nothingToRollBack(
                    environment: environment,
                    reason: "\(current.contentHash) is the first release in its history; there is no earlier one "
                        + "(see `hbc releases --history`)")
            }
            guard stack.last?.contentHash == current.contentHash else {
                throw ReleaseStoreError(
                    "\(pointerPath(environment: environment)) (\(current.contentHash)) disagrees with the last entry of "
                        + "\(logPath); promote the intended bundle again to make them agree")
            }
            let path = bundlePath(contentHash: earlier.contentHash)
            do {
                _ = try Self.verifiedBundle(at: path)
            } catch {
                throw ReleaseStoreError("cannot roll back to \(earlier.contentHash): \(error)")
            }
            let release = Release(
                environment: environment, contentHash: earlier.contentHash, bundlePath: path,
                handbook: earlier.handbook, version: earlier.version, promotedAt: Self.timestamp(), promotedBy: user,
                reason: reason)
            let event = ReleaseEvent(
                action: .rollback, environment: environment, contentHash: earlier.contentHash,
                previousHash: current.contentHash, handbook: earlier.handbook, version: earlier.version,
                when: release.promotedAt, who: user, reason: reason)
            try switchTo(release, logging: event, restoring: current)
            return RollbackOutcome(release: release, rolledBack: current, event: event)
        }
    }

    /// Writes the pointer, then the log line; if the log cannot be written, the old pointer is put back so the store
    /// never runs a release its log does not mention.
    private func switchTo(_ release: Release, logging event: ReleaseEvent, restoring previous: Release?) throws {
        try setCurrent(release)
        do {
            try append(event)
        } catch {
            if let previous {
                try? setCurrent(previous)
            } else {
                try? FileManager.default.removeItem(atPath: pointerPath(environment: release.environment))
            }
            throw error
        }
    }

    /// Whether the bundle's recorded regression tests all passed: (the check that held, or the refusal reasons).
    private func testsCheck(_ bundle: BundleReader, storeHint: String, bundle path: String) throws -> (String?, [String]) {
        let hash = bundle.metadata.contentHash
        let tests = try bundle.tests().map(\.id)
        let record = "hbc test \(path) --env \(storeHint) --record-to \(directory)"
        guard !tests.isEmpty else {
            return (nil, ["the bundle has no regression tests; add some (docs/handbook-format.md, `tests:`) and run \(record)"])
        }
        guard let runs = try testRuns(contentHash: hash) else {
            return (nil, ["its regression tests were never run for \(hash); run \(record)"])
        }
        var reasons: [String] = []
        let failed = runs.failedTests.filter(tests.contains)
        if !failed.isEmpty {
            let lines = failed.prefix(10).map { test in
                "      \(test): " + (runs.results[test]?.failures.first ?? "failed")
            }
            let more = failed.count > 10 ? ["      … and \(failed.count - 10) more"] : []
            reasons.append(
                "\(failed.count) of \(tests.count) regression test(s) failed in the recorded runs; fix them and run "
                    + "\(record) again:\n" + (lines + more).joined(separator: "\n"))
        }
        let missing = runs.neverRan(tests)
        if !missing.isEmpty {
            reasons.append(
                "\(missing.count) of \(tests.count) regression test(s) were never run for this bundle "
                    + "(\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")); run \(record)")
        }
        guard reasons.isEmpty else { return (nil, reasons) }
        let last = runs.runs.last
        return ("all \(tests.count) regression tests passed (last run \(last?.when ?? "?") against \(last?.target ?? "?"))", [])
    }

    /// Carries the learned plans of `source`'s state into `target`'s that still fit `bundle`.
    private func carryPlans(from source: String, to target: String, against bundle: BundleReader) async throws
        -> PlanCache.CarryReport
    {
        let sourcePath = statePath(environment: source)
        guard FileManager.default.fileExists(atPath: sourcePath) else {
            return PlanCache.CarryReport(carried: [], revalidated: 0, dropped: [])
        }
        do {
            let entries = try await PlanCache(path: sourcePath).entries()
            return try await PlanCache(path: statePath(environment: target)).adopt(entries, from: source, against: bundle)
        } catch let error as ReleaseStoreError {
            throw error
        } catch {
            throw ReleaseStoreError(
                "cannot carry learned plans from \(sourcePath) to \(statePath(environment: target)): \(error)")
        }
    }
}
