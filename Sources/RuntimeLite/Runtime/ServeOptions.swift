import Shaping

/// How `hbc serve` runs.
public struct ServeOptions: Sendable {
    /// The environment whose base URLs calls go to (`staging`, `production`, …).
    public var environment: String?
    /// Upstream limits.
    public var upstream: UpstreamSettings
    /// Deny every non-read call, whatever the guardrails say.
    public var readOnly: Bool
    /// Send every API's calls here instead of the environment's base URL (for tests against a mock or a local server).
    public var baseURLOverride: String?
    /// The plan cache's state database (`nil`: no cache).
    public var statePath: String?
    /// What to do about credentials the environment lacks (by default calls needing them fail, naming them).
    public var credentials: CredentialRequirement = .atCall
    /// Bounds on every jq evaluation of a shape (time, memory, output).
    public var shapeLimits = ShapeLimits()
    /// Whether the server offers the `feedback` tool and keeps callers' feedback in the state database
    /// (`hbc serve --feedback`; docs/feedback.md).
    public var takesFeedback = false

    /// Options; by default the bundle's only environment (or `staging` when there are several).
    public init(
        environment: String? = nil, upstream: UpstreamSettings = UpstreamSettings(), readOnly: Bool = false,
        baseURLOverride: String? = nil, statePath: String? = nil
    ) {
        self.environment = environment
        self.upstream = upstream
        self.readOnly = readOnly
        self.baseURLOverride = baseURLOverride
        self.statePath = statePath
    }
}
