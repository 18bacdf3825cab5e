import HandbookModel
import Metrics
import Tracing

/// The internal spans inside a tool call's server span: retrieval, planning, a plan's run, each operation call, its
/// guardrail decision and the evaluation of its response. Each records only low-cardinality names (operation and
/// plan ids, outcomes, policies), never arguments or response bodies. Guardrail denials are also counted
/// (`hbc.guardrail.denials`) when metrics are on.
enum ToolCallSpans {
    /// Retrieval: a search over the bundle's operations and documents.
    static func retrieval<Result>(_ search: () throws -> Result) rethrows -> Result {
        try RuntimeTelemetry.span("retrieval") { span in
            span?.attributes[TelemetryName.genAIOperationName] = "retrieval"
            return try search()
        }
    }

    /// Planning: proposing plans for a request.
    static func planning<Result>(
        isolation: isolated (any Actor)? = #isolation, _ plan: () async throws -> Result
    ) async rethrows -> Result {
        try await RuntimeTelemetry.span("planning") { _ in try await plan() }
    }

    /// The run of a plan, step by step.
    static func planRun(
        _ template: PlanTemplate, isolation: isolated (any Actor)? = #isolation,
        _ run: () async throws -> PlanExecutor.Result
    ) async rethrows -> PlanExecutor.Result {
        try await RuntimeTelemetry.span("plan.run") { span in
            span?.attributes[TelemetryName.planID] = template.id
            span?.attributes[TelemetryName.planSteps] = template.steps.count
            let execution = try await run()
            span?.attributes[TelemetryName.planSucceeded] = execution.succeeded
            if !execution.succeeded { span?.setStatus(SpanStatus(code: .error)) }
            return execution
        }
    }

    /// One operation call: validation, guardrails, the upstream call and its evaluation.
    static func operation(
        _ operationID: String, traceID: String, isolation: isolated (any Actor)? = #isolation,
        _ execute: () async -> ExecutionResult
    ) async -> ExecutionResult {
        await RuntimeTelemetry.span("operation \(operationID)") { span in
            span?.attributes[TelemetryName.operationID] = operationID
            span?.attributes[TelemetryName.traceID] = traceID
            let result = await execute()
            span?.attributes[TelemetryName.outcome] = result.outcome.rawValue
            if result.outcome != .succeeded {
                span?.attributes[TelemetryName.errorType] = result.outcome.rawValue
                span?.setStatus(SpanStatus(code: .error))
            }
            return result
        }
    }

    /// A guardrail decision on a call of `operationID`.
    static func guardrail(_ operationID: String, _ decide: () -> GuardrailDecision) -> GuardrailDecision {
        let decision = RuntimeTelemetry.span("guardrail.check") { span in
            let decision = decide()
            span?.attributes[TelemetryName.operationID] = operationID
            switch decision {
            case .allow:
                span?.attributes[TelemetryName.guardrailDecision] = "allow"
            case .deny(let denial):
                span?.attributes[TelemetryName.guardrailDecision] = "deny"
                span?.attributes[TelemetryName.guardrailPolicy] = denial.policyID
            case .confirm(let policies, _):
                span?.attributes[TelemetryName.guardrailDecision] = "confirm"
                span?.attributes[TelemetryName.guardrailPolicy] = policies.joined(separator: ",")
            }
            return decision
        }
        if RuntimeTelemetry.metricsEnabled, case .deny(let denial) = decision {
            Counter(
                label: TelemetryName.guardrailDenials,
                dimensions: [
                    (TelemetryName.guardrailPolicy, denial.policyID), (TelemetryName.operationID, operationID),
                ]
            ).increment()
        }
        return decision
    }

    /// The evaluation of a response against the operation's documented responses.
    static func evaluation(_ evaluate: () -> ResponseEvaluation) -> ResponseEvaluation {
        RuntimeTelemetry.span("evaluation") { span in
            let evaluation = evaluate()
            span?.attributes[TelemetryName.evaluationConforms] = evaluation.conforms
            return evaluation
        }
    }
}
