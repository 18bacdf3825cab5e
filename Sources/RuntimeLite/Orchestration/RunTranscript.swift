import HandbookModel

/// What a run did, stage by stage, for people and agents debugging it: the handbook context selected for the
/// request, the plans considered and why, and every attempt with each call and its evaluation.
public struct RunTranscript: Sendable {
    /// The operations and documentation sections search selected for the request (kind, id, title, score).
    public var context: [JSONValue] = []
    /// The plans considered, best first: id, source, operations, score, why.
    public var plans: [JSONValue] = []
    /// Whether the first plan is likely the one the request asks for (a learned plan, or a clear lead over the
    /// planner's next proposal).
    public var confident = false
    /// Why it is, or is not.
    public var confidence = ""
    /// Each exchange with a language model: why it was asked, its answer's fate, tokens and latency.
    public var modelCalls: [JSONValue] = []
    /// The plans tried, in order.
    public var attempts: [RunAttempt] = []

    /// An empty transcript.
    public init() {}

    /// The structured form returned to agents.
    public var json: JSONValue {
        var object: JSONObject = [
            "context": .array(context),
            "plans": .array(plans),
            "confident": .bool(confident),
            "confidence": .string(confidence),
        ]
        if !modelCalls.isEmpty { object["modelCalls"] = .array(modelCalls) }
        object["attempts"] = .array(attempts.map(\.json))
        return .object(object)
    }
}

/// One plan tried: its calls and evaluations, why it failed and what was decided then.
public struct RunAttempt: Sendable {
    /// The plan's id.
    public var plan: String
    /// Where the plan came from.
    public var source: RunCandidate.Source
    /// The inputs it ran with.
    public var inputs: JSONObject
    /// Its calls, in order.
    public var calls: [RunCall] = []
    /// Why it failed, when it did.
    public var failure: String?
    /// What the orchestrator decided after the failure (re-plan or stop, and why).
    public var decision: String?

    /// The structured form.
    public var json: JSONValue {
        var object: JSONObject = [
            "plan": .string(plan), "source": .string(source.rawValue), "inputs": .object(inputs),
            "calls": .array(calls.map(\.json)),
        ]
        if let failure { object["failure"] = .string(failure) }
        if let decision { object["decision"] = .string(decision) }
        return .object(object)
    }
}

/// One call of an attempt, as the runner reported it.
public struct RunCall: Sendable {
    /// The step id.
    public var step: String
    /// The operation's HTTP method.
    public var method: String
    /// The runner's result (body shaped when the step has a shape).
    public var result: ExecutionResult

    /// The structured form: the call and its evaluation, without the body (the answer carries the last one).
    public var json: JSONValue {
        var object = result.json.objectValue ?? JSONObject()
        object["body"] = nil
        object["step"] = .string(step)
        object["method"] = .string(method)
        return .object(object)
    }

    /// Whether the call went through and its response matched the spec (when it was evaluated).
    var conforms: Bool? { result.evaluation?.conforms }
}
