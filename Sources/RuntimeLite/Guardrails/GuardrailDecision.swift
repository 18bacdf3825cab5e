/// What the guardrails decide about a call before it is sent.
public enum GuardrailDecision: Sendable, Hashable {
    /// The call may be sent.
    case allow
    /// The call must not be sent.
    case deny(GuardrailDenial)
    /// The call may go ahead only after a person confirms; carries the policies asking for it and a message.
    case confirm(policyIDs: [String], message: String)
}

/// Why a call was refused: the policy that refused it and, for a failed constraint, the argument at fault.
public struct GuardrailDenial: Sendable, Hashable, CustomStringConvertible {
    /// The refusing policy's id, or `read-only` / `allow-list` for the handbook-wide rules.
    public var policyID: String
    /// What was wrong, including the policy's `message` when it has one.
    public var reason: String
    /// The constraint's argument path, when a constraint failed.
    public var argument: String?

    /// A denial.
    public init(policyID: String, reason: String, argument: String? = nil) {
        self.policyID = policyID
        self.reason = reason
        self.argument = argument
    }

    /// `denied by policy 'ID': REASON`, the text returned to the agent.
    public var description: String { "denied by policy '\(policyID)': \(reason)" }
}
