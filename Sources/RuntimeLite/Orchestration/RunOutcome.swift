import HandbookModel

/// The result of a run: how it ended, the answer, the plan that produced it, and the transcript.
public struct RunOutcome: Sendable {
    /// How a run ends.
    public enum Status: String, Sendable {
        /// A plan ran and every response matched the spec; `answer` is the last call's body.
        case succeeded
        /// The chosen plan needs inputs the request does not give (`missingInputs`); nothing was sent.
        case needsInputs = "needs_inputs"
        /// A guardrail denied a call, or a person did not confirm it.
        case refused
        /// Every plan tried failed, or no plan was left to try.
        case failed
        /// No plan answers the request.
        case noPlan = "no_plan"
        /// A dry run: `calls` holds what would be sent; nothing was.
        case dryRun = "dry_run"
        /// Stopped by the person stepping through the calls.
        case stopped
    }

    /// How the run ended.
    public var status: Status
    /// The run's trace id (each call's is this with a suffix).
    public var traceID: String
    /// What happened, in one sentence.
    public var message: String
    /// The plan run last (or chosen, for a dry run or missing inputs).
    public var plan: RunCandidate?
    /// The inputs it ran (or would run) with.
    public var inputs: JSONObject = JSONObject()
    /// The last call's response body, when the run succeeded.
    public var answer: JSONValue?
    /// The inputs still needed.
    public var missingInputs: [MissingInput] = []
    /// For a dry run: the calls that would be sent.
    public var calls: [PlannedCall] = []
    /// The id the plan was learned under, when a composed plan succeeded.
    public var learnedAs: String?
    /// What the run did.
    public var transcript: RunTranscript

    /// Whether a client should treat the outcome as an error (a dry run and missing inputs are answers, not errors).
    public var isError: Bool { [.refused, .failed, .noPlan, .stopped].contains(status) }

    /// The structured form returned to agents.
    public var json: JSONValue {
        var object: JSONObject = [
            "outcome": .string(status.rawValue), "message": .string(message), "traceId": .string(traceID),
        ]
        if let plan {
            object["plan"] = .object([
                "id": .string(plan.plan.id), "source": .string(plan.source.rawValue), "title": .string(plan.plan.title),
                "steps": .string(plan.plan.description),
            ])
            object["inputs"] = .object(inputs)
        }
        if let answer { object["answer"] = answer }
        if !missingInputs.isEmpty { object["missingInputs"] = .array(missingInputs.map(\.json)) }
        if !calls.isEmpty { object["calls"] = .array(calls.map(\.json)) }
        if let learnedAs { object["learnedAs"] = .string(learnedAs) }
        object["transcript"] = transcript.json
        return .object(object)
    }

    /// A text rendering for people and text-only clients: the outcome, the plan, each call, the answer (as JSON cut
    /// at 3000 characters unless `answer` renders it).
    public func text(answer render: (JSONValue) -> String? = { _ in nil }) -> String {
        var lines = ["\(status.rawValue): \(message)"]
        if let plan { lines.append("plan \(plan.plan.id) (\(plan.source.rawValue)): \(plan.plan.description)") }
        if !transcript.confident, !transcript.confidence.isEmpty, status != .noPlan {
            lines.append("unsure: \(transcript.confidence)")
        }
        for missing in missingInputs { lines.append("  needs \(missing.name): \(missing.schema.serialized)") }
        for call in calls { lines.append("  " + call.text) }
        for attempt in transcript.attempts {
            for call in attempt.calls {
                lines.append(
                    "  \(call.step) \(call.method) \(call.result.operation) → \(call.result.outcome.rawValue)"
                        + (call.result.status.map { " \($0)" } ?? "")
                        + (call.conforms == false ? " (response does not match the spec)" : ""))
            }
            if let decision = attempt.decision { lines.append("  → \(decision)") }
        }
        if let answer {
            if let rendered = render(answer) {
                lines.append(rendered)
            } else {
                let rendered = answer.serialized
                lines.append(rendered.count > 3000 ? String(rendered.prefix(3000)) + "…" : rendered)
            }
        }
        if let learnedAs { lines.append("learned as \(learnedAs)") }
        lines.append("trace \(traceID)")
        return lines.joined(separator: "\n")
    }
}
