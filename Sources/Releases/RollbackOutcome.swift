import Foundation

/// What a rollback did.
public struct RollbackOutcome: Sendable {
    /// What runs in the environment now (the earlier release).
    public var release: Release
    /// What was rolled back.
    public var rolledBack: Release
    /// The event appended to the log.
    public var event: ReleaseEvent
}
