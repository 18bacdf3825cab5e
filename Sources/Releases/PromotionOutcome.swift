import Foundation

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
