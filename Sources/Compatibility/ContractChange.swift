/// One difference between two versions of an operation's contract, classified for the agents that rely on it.
public struct ContractChange: Sendable, Hashable, Codable {
    /// Whether agents relying on the old contract can keep working.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Calls or response handling that worked before can fail now.
        case breaking
        /// Everything that worked before still works.
        case compatible
    }

    /// A stable rule identifier in the style of oasdiff, such as `request-parameter-became-required`.
    public var rule: String
    /// Breaking or compatible.
    public var severity: Severity
    /// Where in the contract, such as `query parameter limit` or `response 200 body /items/0/name`.
    public var location: String
    /// One sentence a changelog reader understands.
    public var message: String

    /// A change.
    public init(rule: String, severity: Severity, location: String, message: String) {
        self.rule = rule
        self.severity = severity
        self.location = location
        self.message = message
    }
}
