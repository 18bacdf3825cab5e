import Foundation
import HandbookModel

extension ReleaseStore {
    /// Restores the release an environment ran before its current one (the previous entry of its release stack:
    /// promotions push, rollbacks pop), atomically, and logs it.
    public func rollback(
        environment: String, reason: String?, user: String = ReleaseStore.currentUser()
    ) async throws
        -> RollbackOutcome
    {
        try Self.checkEnvironmentName(environment)
        return try await withLock {
            guard let current = try current(environment: environment) else {
                throw PromotionError.nothingToRollBack(
                    environment: environment, reason: "nothing was ever promoted there")
            }
            let stack = try releaseStack(environment: environment)
            guard stack.count >= 2, let earlier = stack.dropLast().last else {
                throw PromotionError.nothingToRollBack(
                    environment: environment,
                    reason: "\(current.contentHash) is the first release in its history; there is no earlier one")
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
}
