import HandbookModel

/// What a person or an agent asks the orchestrator to do: a request in plain words, the inputs already known, and
/// how to run it.
public struct RunRequest: Sendable {
    /// The request, in plain words ("set the credit limit of Globex to 5000").
    public var request: String
    /// Input values given with the request; they win over the values the planner finds in the request's words.
    public var inputs: JSONObject
    /// Show the chosen plan and the exact HTTP requests instead of sending them.
    public var dryRun: Bool
    /// How many plans may be tried: the first, plus re-plans after failures.
    public var maximumAttempts: Int

    /// A request; `maximumAttempts` is at least 1.
    public init(_ request: String, inputs: JSONObject = JSONObject(), dryRun: Bool = false, maximumAttempts: Int = 3) {
        self.request = request
        self.inputs = inputs
        self.dryRun = dryRun
        self.maximumAttempts = max(1, maximumAttempts)
    }
}
