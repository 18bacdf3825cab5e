import HandbookModel

/// A ``GuardrailPolicy`` prepared once for the engine's lifetime: methods in its matcher upper-cased, constraints
/// parsed with their patterns compiled, redaction entries parsed.
struct CompiledPolicy: Sendable {
    /// The policy as written.
    let policy: GuardrailPolicy
    /// The policy's matcher with its methods upper-cased, for operations whose method is upper-cased too.
    let matcher: OperationMatcher
    /// The policy's constraints, in order.
    let constraints: [ConstraintCheck]
    /// The policy's redaction entries, in order.
    let redactions: [Redaction]

    /// Prepares a policy.
    init(_ policy: GuardrailPolicy) {
        self.policy = policy
        var matcher = policy.match
        matcher.methods = matcher.methods.map { $0.uppercased() }
        self.matcher = matcher
        constraints = policy.constraints.map(ConstraintCheck.init)
        redactions = policy.redact.map(Redaction.init)
    }
}
