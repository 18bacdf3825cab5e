import Foundation

/// One line of `STORE/log.jsonl`: a promotion or a rollback.
public struct ReleaseEvent: Sendable, Hashable, Codable {
    /// What happened.
    public enum Action: String, Sendable, Hashable, Codable {
        /// A bundle was put in the environment (pushed on its release stack).
        case promote
        /// The environment went back to its previous release (popped off its release stack).
        case rollback
    }

    /// Whether this was a promotion or a rollback.
    public var action: Action
    /// The environment it happened in.
    public var environment: String
    /// The bundle that runs there afterwards.
    public var contentHash: String
    /// The bundle that ran there before, if any.
    public var previousHash: String?
    /// The name of the handbook that runs there afterwards.
    public var handbook: String
    /// The version of the handbook that runs there afterwards.
    public var version: String
    /// When it happened (ISO 8601, UTC).
    public var when: String
    /// Who did it (`HBC_USER`, else the login user).
    public var who: String
    /// Why, when given (`--reason`).
    public var reason: String?
    /// Checks that were overridden, such as `allow-breaking: 2 breaking change(s) against sha256:…`.
    public var overrides: [String]
    /// The environment learned plans came from (promotions into a later environment).
    public var plansFrom: String?
    /// Learned plans carried into the environment's state.
    public var plansCarried: Int
    /// Learned plans left behind.
    public var plansDropped: Int

    /// An event.
    public init(
        action: Action, environment: String, contentHash: String, previousHash: String?, handbook: String,
        version: String, when: String, who: String, reason: String?, overrides: [String] = [], plansFrom: String? = nil,
        plansCarried: Int = 0, plansDropped: Int = 0
    ) {
        self.action = action
        self.environment = environment
        self.contentHash = contentHash
        self.previousHash = previousHash
        self.handbook = handbook
        self.version = version
        self.when = when
        self.who = who
        self.reason = reason
        self.overrides = overrides
        self.plansFrom = plansFrom
        self.plansCarried = plansCarried
        self.plansDropped = plansDropped
    }
}
