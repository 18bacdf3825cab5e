import HandbookModel

/// The deterministic guardrails every call goes through: checked before the call (nothing is sent unless allowed)
/// and applied to the response after it (redaction).
///
/// Policies are prepared once at init (patterns compiled, paths parsed); the engine is immutable, so one instance
/// can be shared by concurrent calls. HTTP methods compare case-insensitively, both in `match.methods` and for the
/// read-only switch.
public struct GuardrailEngine: Sendable {
    /// Methods a read-only handbook still allows.
    private static let safeMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    private let readOnly: Bool
    private let policies: [CompiledPolicy]
    private let allowPolicyIDs: [String]
    private let secrets: KnownSecrets

    /// An engine enforcing `guardrails`; denial reasons mask `secrets` wherever they quote an argument.
    public init(guardrails: GuardrailSet, secrets: KnownSecrets = KnownSecrets()) {
        self.secrets = secrets
        readOnly = guardrails.readOnly
        policies = guardrails.policies.map(CompiledPolicy.init)
        allowPolicyIDs = guardrails.policies.filter { $0.effect == .allow }.map(\.id)
    }

    /// Policies whose `match` selects the operation, in file order (for `describe` output).
    public func policies(for operation: APIOperation) -> [GuardrailPolicy] {
        matching(operation).map(\.policy)
    }

    /// The decision before a call. Order: read_only (non GET/HEAD/OPTIONS denied, policy id "read-only"),
    /// deny policies, allow-list (if any policy has effect allow and none of them matches → denied with policy id
    /// "allow-list"), constraints of matching policies (first violated → denied, naming the policy and saying which
    /// argument and why, e.g. "body.credit_limit must be ≤ 10000 (got 50000)"), then confirm policies. A constraint on
    /// a body field checks every case variant of its member names (`Credit_Limit` too).
    public func check(_ operation: APIOperation, arguments: JSONObject) -> GuardrailDecision {
        let method = operation.method.uppercased()
        if readOnly, !Self.safeMethods.contains(method) {
            return .deny(GuardrailDenial(
                policyID: "read-only",
                reason: "this handbook is read-only: only GET, HEAD and OPTIONS calls are allowed, "
                    + "and \(operation.id) is \(method)"
            ))
        }
        let matched = matching(operation)
        if let denying = matched.first(where: { $0.policy.effect == .deny }) {
            let reason = denying.policy.message ?? denying.policy.description ?? "\(operation.id) is not allowed"
            return .deny(GuardrailDenial(policyID: denying.policy.id, reason: reason))
        }
        if !allowPolicyIDs.isEmpty, !matched.contains(where: { $0.policy.effect == .allow }) {
            let list = allowPolicyIDs.map { "'\($0)'" }.joined(separator: ", ")
            return .deny(GuardrailDenial(
                policyID: "allow-list",
                reason: "\(operation.id) is not on the allow-list: no allow policy (\(list)) matches it"
            ))
        }
        let quoting = secrets.quoting()
        for compiled in matched {
            for check in compiled.constraints {
                guard let violation = check.violation(in: arguments, quoting: quoting) else { continue }
                let reason = compiled.policy.message.map { "\(violation). \($0)" } ?? violation
                return .deny(GuardrailDenial(
                    policyID: compiled.policy.id, reason: reason, argument: check.constraint.argument
                ))
            }
        }
        let confirming = matched.filter { $0.policy.effect == .confirm }.map(\.policy)
        guard !confirming.isEmpty else { return .allow }
        let explanations = confirming.compactMap { $0.message ?? $0.description }
        let message = explanations.isEmpty
            ? "A person must confirm \(operation.id) before it is sent."
            : explanations.joined(separator: " ")
        return .confirm(policyIDs: confirming.map(\.id), message: message)
    }

    /// The response body after a call with every `redact` field of matching policies removed; a plain name removes
    /// that key at any depth (inside arrays of objects too), a dotted path (`customer.phone`, `items.*.phone`)
    /// removes exactly that location; names match in every case variant. Returns the redacted body and the list of removed locations as JSON
    /// Pointers (e.g. "/items/0/phone"), for the log.
    public func redact(_ body: JSONValue, for operation: APIOperation) -> (body: JSONValue, removed: [String]) {
        var redacted = body
        var removed: [String] = []
        for compiled in matching(operation) {
            for redaction in compiled.redactions { redaction.apply(to: &redacted, removed: &removed) }
        }
        return (redacted, removed)
    }

    /// Whether a matching policy redacts fields of `operation`'s responses: a body that is not complete JSON (cut at
    /// the size limit, malformed, nested too deep, not JSON at all) cannot have them removed, so it is withheld.
    public func redactsResponses(of operation: APIOperation) -> Bool {
        matching(operation).contains { !$0.redactions.isEmpty }
    }

    /// The prepared policies selecting `operation`, in file order; methods compare case-insensitively.
    private func matching(_ operation: APIOperation) -> [CompiledPolicy] {
        policies.filter { $0.policy.match.matches(operation) }
    }
}
