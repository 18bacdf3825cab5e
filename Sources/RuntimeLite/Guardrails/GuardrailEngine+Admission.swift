import HandbookModel

extension GuardrailEngine {
    /// Whether a call of `operation` with `arguments` may be sent: the guardrails' decision (traced and counted as
    /// every guardrail check is) and, when a policy asks for it, the confirmation `confirm` gets from a person (`nil`
    /// or `.unsupported`: the client cannot ask, so the call is refused with an explanation). `nil` when it may be
    /// sent; else why not, with `result`'s outcome and policy set. API operations and upstream MCP tools alike.
    func refusal(
        of operation: APIOperation, arguments: JSONObject, confirm: OperationRunner.Confirmer?,
        result: inout ExecutionResult
    ) async -> String? {
        switch ToolCallSpans.guardrail(operation.id, { check(operation, arguments: arguments) }) {
        case .allow:
            return nil
        case .deny(let denial):
            result.outcome = .denied
            result.policy = denial.policyID
            return denial.description
        case .confirm(let policies, let message):
            result.policy = policies.first
            switch await confirm?(operation, arguments, message) ?? .unsupported {
            case .confirmed:
                return nil
            case .declined:
                result.outcome = .confirmationRequired
                return "the call was not confirmed, so it was not sent"
            case .unsupported:
                result.outcome = .confirmationRequired
                return "\(message) A person must confirm this call, and this client cannot ask (it does not support "
                    + "MCP elicitation), so it was not sent. Ask the user to run it another way."
            case .unanswered(let limit):
                result.outcome = .confirmationRequired
                return "\(message) No one answered the confirmation request within \(limit.components.seconds) s, "
                    + "so the call was not sent. Ask the user whether to send it, then call again."
            }
        }
    }
}
