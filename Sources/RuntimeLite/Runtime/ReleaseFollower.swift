import Foundation
import HandbookModel
import Logging
import Releases

/// Follows one environment of a release store: when `hbc promote` (or a rollback) points the environment at another
/// bundle, opens that bundle and makes it the server new sessions get.
///
/// The store replaces an environment's pointer atomically, so each check reads either the old release or the new one.
/// Opening the new runtime re-validates the environment's learned plans against it (by operation fingerprint and,
/// for changed operations, by contract), exactly as a restart would. A bundle that cannot be served (it fails to open,
/// or its environment lacks secrets) is logged and skipped; the server keeps serving the release it has.
public struct ReleaseFollower: Sendable {
    /// The store.
    public let store: ReleaseStore
    /// The environment followed.
    public let environment: String
    /// How often the environment's pointer is read.
    public let interval: Duration
    /// Opens the server for a release.
    public let open: @Sendable (Release) throws -> HandbookServer
    /// Where switches are logged.
    public let logger: Logger

    /// A follower of `environment` in `store`, checking every `interval`.
    public init(
        store: ReleaseStore, environment: String, interval: Duration, logger: Logger,
        open: @escaping @Sendable (Release) throws -> HandbookServer
    ) {
        self.store = store
        self.environment = environment
        self.interval = interval
        self.logger = logger
        self.open = open
    }

    /// Checks the pointer every ``interval`` until cancelled, replacing `source`'s server when the environment's
    /// release changes. `serving` is the content hash `source` serves at the start.
    public func follow(_ source: ServerSource, serving: String) async {
        await follow(source, serving: serving, clock: ContinuousClock())
    }

    /// As ``follow(_:serving:)``, with ``interval`` measured on `clock` (tests advance a clock by hand).
    public func follow<C: Clock<Duration>>(_ source: ServerSource, serving: String, clock: C) async {
        var serving = serving
        var skipped: String?
        while !Task.isCancelled {
            try? await clock.sleep(until: clock.now.advanced(by: interval), tolerance: nil)
            guard !Task.isCancelled else { return }
            let release: Release?
            do {
                release = try store.current(environment: environment)
            } catch {
                logger.warning("cannot read the release store", metadata: ["reason": .string("\(error)")])
                continue
            }
            guard let release, release.contentHash != serving, release.contentHash != skipped else { continue }
            do {
                let server = try open(release)
                source.replace(with: server)
                logger.info(
                    "switched release",
                    metadata: [
                        "environment": .string(environment), "from": .string(serving),
                        "to": .string(release.contentHash),
                        "version": .string(release.version), "promoted_by": .string(release.promotedBy),
                    ])
                serving = release.contentHash
                skipped = nil
            } catch {
                logger.error(
                    "cannot serve the promoted release; still serving the previous one",
                    metadata: [
                        "environment": .string(environment), "release": .string(release.contentHash),
                        "reason": .string("\(error)"),
                    ])
                skipped = release.contentHash
            }
        }
    }
}
