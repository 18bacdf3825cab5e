import Foundation

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
    /// The state databases of environments whose state is not the store's file (`hbc promote --state
    /// ENV=postgres://…`, for replicas sharing PostgreSQL): learned plans are carried from and into these.
    public var states: [String: StateLocation] = [:]

    /// A request to put the bundle at `bundlePath` in `environment`.
    public init(
        bundlePath: String, environment: String, allowBreaking: Bool = false, reason: String? = nil,
        user: String = ReleaseStore.currentUser()
    ) {
        self.bundlePath = bundlePath
        self.environment = environment
        self.allowBreaking = allowBreaking
        self.reason = reason
        self.user = user
    }
}
