import HandbookModel

/// A plan the orchestrator may run for a request, with where it comes from and the inputs found for it.
public struct RunCandidate: Sendable {
    /// Where a candidate comes from, in the order candidates are preferred.
    public enum Source: String, Sendable {
        /// A plan that ran successfully for an earlier request of the same shape (the plan cache).
        case learned
        /// A plan compiled into the bundle (a lookup chain, a test's steps, a handbook workflow).
        case template
        /// A multi-step plan the planner composed for this request; learned when it succeeds.
        case composed
        /// One operation.
        case operation
        /// A plan a language model made when the planner was unsure; learned when it succeeds.
        case model
    }

    /// The plan; a single operation is a one-step plan whose inputs are the operation's arguments.
    public var plan: PlanTemplate
    /// Where it comes from.
    public var source: Source
    /// Input values found in the request (by the planner, or by the plan cache's generalization).
    public var proposedInputs: JSONObject
    /// The planner's score (none for learned plans); higher is better, comparable within one request.
    public var score: Double?
    /// Why it was proposed.
    public var reasons: [String]

    /// A candidate.
    public init(
        plan: PlanTemplate, source: Source, proposedInputs: JSONObject, score: Double?, reasons: [String]
    ) {
        self.plan = plan
        self.source = source
        self.proposedInputs = proposedInputs
        self.score = score
        self.reasons = reasons
    }

    /// Whether a successful run should be learned, so the same intent finds the plan again without composing it.
    var isLearnable: Bool { source == .composed || source == .model }

    /// The one-step plan that calls `operation` with its arguments as inputs (`$inputs.NAME` for each parameter,
    /// `$inputs.body` for the body; inputs left out are not sent).
    static func singleOperation(_ operation: APIOperation) -> PlanTemplate {
        var arguments = JSONObject()
        for parameter in operation.parameters where arguments[parameter.name] == nil {
            arguments[parameter.name] = .string("$inputs.\(parameter.name)")
        }
        if operation.requestBody != nil { arguments["body"] = .string("$inputs.body") }
        return PlanTemplate(
            id: "op:\(operation.id)", title: operation.summary ?? operation.id,
            description: "\(operation.method) \(operation.path) (\(operation.id))", origin: .composed,
            inputs: SchemaDocument.arguments(of: operation),
            steps: [PlanStep(id: "s1", operation: operation.id, arguments: .object(arguments), successCriteria: [])],
            exampleRequests: [])
    }
}
