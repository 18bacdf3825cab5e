import Foundation
import HandbookModel
import LanguageModels
import Releases

/// Runs a request end to end: plan (learned plans first, then the planner's templates, composed plans and single
/// operations) → fill the inputs from the request → ask for what is missing → check the plan → execute it call by
/// call through the runner (validation, guardrails, confirmation, evaluation, redaction) → when a call or its
/// evaluation fails, re-plan without the failing operation, at most ``RunRequest/maximumAttempts`` plans in all.
/// With a language model, the model is asked for a plan when the planner is unsure or cannot fill its plan's inputs;
/// its plan passes the same checks and is tried first. A composed or model-made plan that succeeds is learned, so
/// requests of the same shape find it first next time (without asking the model again).
public struct Orchestrator: Sendable {
    /// The runtime whose planner, runner and plan cache the runs use.
    public let runtime: HandbookRuntime
    /// The model consulted when the planner is unsure (`nil`: the planner alone).
    public let model: (any LanguageModel)?
    /// What the caller may see and call: plans with a hidden operation are neither proposed nor run, and learned
    /// plans are the caller's tenant's.
    public let visibility: Visibility

    /// An orchestrator over `runtime`, consulting `model` when one is given, for a caller seeing what `visibility`
    /// shows.
    public init(runtime: HandbookRuntime, model: (any LanguageModel)? = nil, visibility: Visibility = .everything) {
        self.runtime = runtime
        self.model = model
        self.visibility = visibility
    }

    /// Runs `request`; `hooks` reach the person behind it (confirmation, inputs, progress, stepping).
    public func run(_ request: RunRequest, traceID: String, hooks: RunHooks = RunHooks()) async -> RunOutcome {
        var transcript = RunTranscript()
        func outcome(_ status: RunOutcome.Status, _ message: String, plan: RunCandidate? = nil) -> RunOutcome {
            RunOutcome(status: status, traceID: traceID, message: message, plan: plan, transcript: transcript)
        }
        await hooks.progress?(RunProgress(completed: 0, total: nil, message: "planning"))
        let planning: RunPlanning.Candidates
        do {
            planning = try await RunPlanning(runtime: runtime, visibility: visibility).candidates(for: request.request)
        } catch {
            return outcome(.failed, "planning failed: \(error)")
        }
        transcript.context = planning.context
        transcript.plans = planning.candidates.map(RunPlanning.summary)
        transcript.confident = planning.confident
        transcript.confidence = planning.confidence
        var remaining = planning.candidates
        if let model, let why = consultation(of: planning, given: request.inputs) {
            await hooks.progress?(RunProgress(completed: 1, total: nil, message: "asking \(model.name): \(why)"))
            var seen = Set<String>()
            let operations =
                (planning.candidates.flatMap(\.plan.operations)
                + planning.context.filter { $0["kind"] == .string("operation") }.compactMap { $0["id"]?.stringValue })
                .filter { seen.insert($0).inserted }
            let answer = await ModelPlanner(model: model, runtime: runtime, visibility: visibility).plan(
                for: request.request, why: why, operations: operations)
            transcript.modelCalls = answer.exchanges
            if let candidate = answer.candidate {
                remaining.insert(candidate, at: 0)
                transcript.plans.insert(RunPlanning.summary(of: candidate), at: 0)
            }
        }
        var completed = 2
        var lastFailure: (candidate: RunCandidate, inputs: JSONObject)?
        while transcript.attempts.count < request.maximumAttempts, !remaining.isEmpty {
            let candidate = remaining.removeFirst()
            var inputs = Self.inputs(for: candidate, given: request.inputs)
            var missing = MissingInput.missing(from: candidate.plan, inputs: inputs, document: document(for: candidate))
            if !missing.isEmpty, transcript.attempts.isEmpty, let ask = hooks.askForInputs,
                let answered = await ask(missing, candidate)
            {
                for member in answered.members { inputs[member.key] = member.value }
                missing = MissingInput.missing(from: candidate.plan, inputs: inputs, document: document(for: candidate))
            }
            if !missing.isEmpty {
                // The best plan sets what to ask for; a re-plan only takes plans the request fills.
                guard transcript.attempts.isEmpty else { continue }
                var result = outcome(
                    .needsInputs,
                    "the plan needs " + missing.map(\.name).joined(separator: ", ")
                        + "; call again with them in inputs", plan: candidate)
                result.inputs = inputs
                result.missingInputs = missing
                return result
            }
            let problems = PlanCheck.problems(
                in: candidate.plan, inputs: inputs, runtime: runtime, visibility: visibility)
            if request.dryRun {
                var result = outcome(
                    .dryRun,
                    problems.isEmpty
                        ? "nothing was sent; these are the calls the plan makes"
                        : "the plan cannot run: " + problems.joined(separator: "; "), plan: candidate)
                result.inputs = inputs
                result.calls = candidate.plan.steps.map { PlannedCall.of($0, inputs: inputs, runtime: runtime) }
                return result
            }
            var attempt = RunAttempt(plan: candidate.plan.id, source: candidate.source, inputs: inputs)
            if !problems.isEmpty {
                attempt.failure = "the plan cannot run: " + problems.joined(separator: "; ")
                attempt.decision = "re-plan: try the next plan"
                transcript.attempts.append(attempt)
                lastFailure = (candidate, inputs)
                continue
            }
            await hooks.progress?(
                RunProgress(
                    completed: completed, total: nil,
                    message: "plan \(candidate.plan.id): \(candidate.plan.description)"))
            completed += 1
            let base = completed
            let total = completed + candidate.plan.steps.count
            let execution = await StepwiseExecution(runtime: runtime, visibility: visibility).run(
                candidate.plan, inputs: inputs, traceID: "\(traceID)-\(transcript.attempts.count + 1)", hooks: hooks
            ) { index, message in
                await hooks.progress?(RunProgress(completed: base + index, total: total, message: message))
            }
            completed = total
            attempt.calls = execution.calls
            if let answer = execution.answer {
                transcript.attempts.append(attempt)
                var result = outcome(.succeeded, "\(candidate.plan.title): done", plan: candidate)
                result.inputs = inputs
                result.answer = answer
                result.learnedAs = await learn(candidate, request: request.request, inputs: inputs)
                await hooks.progress?(RunProgress(completed: completed, total: completed, message: "done"))
                return result
            }
            attempt.failure = execution.failure
            if execution.stoppedByPerson {
                transcript.attempts.append(attempt)
                var result = outcome(.stopped, execution.failure ?? "stopped", plan: candidate)
                result.inputs = inputs
                return result
            }
            let decision = ReplanDecision.after(
                execution.calls.map { call in
                    ReplanDecision.Call(
                        operation: call.result.operation, method: call.method,
                        outcome: call.result.outcome, conforms: call.conforms)
                }, unresolved: execution.failure)
            switch decision {
            case .stop(let because):
                attempt.decision = "stop: \(because)"
                transcript.attempts.append(attempt)
                let refused = [.denied, .confirmationRequired].contains(execution.calls.last?.result.outcome)
                // The runner's own words say best why (the policy's message, what the person answered).
                let said = execution.calls.last.flatMap { call in
                    call.result.message.map { "\(call.result.operation): \($0)" }
                }
                var result = outcome(refused ? .refused : .failed, said ?? because, plan: candidate)
                result.inputs = inputs
                return result
            case .replan(let operation, let because):
                attempt.decision =
                    "re-plan: \(because)" + (operation.map { "; plans calling \($0) are left out" } ?? "")
                transcript.attempts.append(attempt)
                if let operation { remaining.removeAll { $0.plan.operations.contains(operation) } }
                lastFailure = (candidate, inputs)
                await hooks.progress?(RunProgress(completed: completed, total: nil, message: "re-planning: \(because)"))
                completed += 1
            }
        }
        guard let lastFailure else {
            return outcome(.noPlan, "no plan answers \"\(request.request)\"; try other words, or search and describe")
        }
        var result = outcome(
            .failed,
            "\(transcript.attempts.count) plan(s) tried, none succeeded: "
                + (transcript.attempts.last?.failure ?? "no plan left"), plan: lastFailure.candidate)
        result.inputs = lastFailure.inputs
        return result
    }

    /// Why the model should be asked for a plan (`nil`: it should not): the planner has none, is unsure, or cannot
    /// fill its first plan's required inputs from the request and the given inputs.
    private func consultation(of planning: RunPlanning.Candidates, given: JSONObject) -> String? {
        guard let first = planning.candidates.first else { return "the planner has no plan" }
        guard planning.confident else { return "the planner is unsure (\(planning.confidence))" }
        let missing = MissingInput.missing(
            from: first.plan, inputs: Self.inputs(for: first, given: given), document: document(for: first))
        guard missing.isEmpty else {
            return "the planner cannot fill " + missing.map(\.name).joined(separator: ", ")
        }
        return nil
    }

    /// The inputs a candidate runs with: the values found in the request, then the given ones over them, kept to
    /// the inputs the plan declares (a one-operation plan refuses unknown arguments).
    static func inputs(for candidate: RunCandidate, given: JSONObject) -> JSONObject {
        var inputs = candidate.proposedInputs
        for member in given.members { inputs[member.key] = member.value }
        guard let declared = candidate.plan.inputs["properties"]?.objectValue?.keys else { return inputs }
        return JSONObject(inputs.members.filter { declared.contains($0.key) }.map { ($0.key, $0.value) })
    }

    /// Resolves the component references of a candidate's input schemas (its first operation's API).
    private func document(for candidate: RunCandidate) -> SchemaDocument {
        let reader = runtime.reader
        let apiID = candidate.plan.operations.first.flatMap { try? reader.operation(id: $0)?.apiID } ?? ""
        return SchemaDocument { try? reader.schemaComponent(apiID: apiID, name: $0) }
    }

    /// Learns a plan that succeeded when it is one the planner had to compose; returns its id in the plan cache.
    private func learn(_ candidate: RunCandidate, request: String, inputs: JSONObject) async -> String? {
        guard candidate.isLearnable, let cache = await runtime.readyPlanCache() else { return nil }
        do {
            return try await cache.store(
                request: request, vector: runtime.search.embed(PlanCache.embeddingText(of: request)),
                plan: candidate.plan, inputs: inputs, reader: runtime.reader, tenant: visibility.caller.tenant)
        } catch {
            runtime.logger.warning("plan not learned", metadata: ["reason": .string("\(error)")])
            return nil
        }
    }
}
