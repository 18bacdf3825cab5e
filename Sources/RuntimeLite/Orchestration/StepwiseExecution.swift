import HandbookModel

/// Runs a checked plan one call at a time through ``HandbookRuntime/execute(operationID:arguments:traceID:confirm:)``
/// (validation, guardrails, confirmation, evaluation, redaction, for API operations and upstream tools alike) and the
/// ``ResponseShaper``, with the plan executor's bindings and success criteria, reporting progress before each call and
/// letting a step gate hold or stop it.
///
/// A step with a shape hands later steps its shaped output under both `$steps.ID.shaped` and
/// `$steps.ID.response.body` (the unshaped body is not kept).
struct StepwiseExecution: Sendable {
    let runtime: HandbookRuntime
    /// What the caller may call.
    var visibility: Visibility = .everything

    /// How the calls of one attempt ended.
    struct Result: Sendable {
        /// The calls made, in order.
        var calls: [RunCall] = []
        /// Why the plan stopped before its end or failed, when it did.
        var failure: String?
        /// Whether a person stopped it at the step gate.
        var stoppedByPerson = false
        /// The last call's body, when every call succeeded and matched the spec.
        var answer: JSONValue?
    }

    /// Runs `plan` with `inputs`; `progress(index, message)` is called before each call with its index in the plan.
    func run(
        _ plan: PlanTemplate, inputs: JSONObject, traceID: String, hooks: RunHooks,
        progress: @Sendable (Int, String) async -> Void
    ) async -> Result {
        var records: [String: RuntimeExpression.StepRecord] = [:]
        var result = Result()
        for (index, step) in plan.steps.enumerated() {
            let arguments: JSONObject
            do {
                arguments =
                    try RuntimeExpression.resolve(step.arguments, steps: records, inputs: inputs)?.objectValue
                    ?? JSONObject()
            } catch {
                result.failure = "step \(step.id): \(error)"
                return result
            }
            let method = (try? runtime.reader.operation(id: step.operation))?.method ?? "?"
            await progress(index, "step \(index + 1)/\(plan.steps.count): \(method) \(step.operation)")
            if let gate = hooks.beforeStep {
                let planned = PlannedCall.of(
                    PlanStep(
                        id: step.id, operation: step.operation, arguments: .object(arguments), successCriteria: []),
                    inputs: JSONObject(), runtime: runtime)
                guard await gate(planned) else {
                    result.failure = "stopped before step \(step.id)"
                    result.stoppedByPerson = true
                    return result
                }
            }
            let executed = await runtime.execute(
                operationID: step.operation, arguments: arguments, traceID: "\(traceID)-\(index + 1)",
                confirm: hooks.confirm, visibility: visibility)
            var record = RuntimeExpression.StepRecord(status: executed.status, body: executed.body)
            var outcome = executed
            if let shape = step.shape {
                let shaped = await runtime.shaper.apply(shape, to: executed)
                outcome = shaped.result
                if shaped.failure == nil {
                    record.shaped = shaped.result.body
                    record.body = shaped.result.body
                } else {
                    result.failure = "step \(step.id): \(outcome.message ?? "its shape failed")"
                }
            }
            result.calls.append(RunCall(step: step.id, method: method, result: outcome))
            records[step.id] = record
            if result.failure != nil { return result }
            if outcome.isError {
                result.failure =
                    "step \(step.id) (\(step.operation)) ended \(outcome.outcome.rawValue)"
                    + (outcome.message.map { ": \($0)" } ?? "")
                return result
            }
            if outcome.evaluation?.conforms == false {
                result.failure = "step \(step.id) (\(step.operation)): the response does not match the spec"
                return result
            }
            if let failed = step.successCriteria.first(where: {
                !PlanExecutor.holds($0, status: executed.status, body: executed.body)
            }) {
                result.failure = "step \(step.id): success criterion \(failed) does not hold"
                return result
            }
        }
        result.answer = result.calls.last?.result.body
        return result
    }
}
