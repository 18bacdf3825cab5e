import HandbookModel

/// A ``GuardrailPolicy`` prepared once for the engine's lifetime: constraints parsed with their patterns compiled,
/// redaction entries parsed.
struct CompiledPolicy: Sendable {
    /// The policy as written.
    let policy: GuardrailPolicy
    /// The policy's constraints, in order.
    let constraints: [ConstraintCheck]
    /// The policy's redaction entries, in order.
    let redactions: [Redaction]

    /// Prepares a policy.
    init(_ policy: GuardrailPolicy) {
        self.policy = policy
        constraints = policy.constraints.map(ConstraintCheck.init)
        redactions = policy.redact.map(Redaction.init)
    }
}
