import HandbookModel

/// How a run reaches the person (or client) behind it: confirmation of guarded calls, missing inputs, progress, and
/// stepping through calls. Every hook is optional; without one the run does what an unattended run must (guarded
/// calls are not sent, missing inputs are reported, every call runs).
public struct RunHooks: Sendable {
    /// Asks for the inputs a plan still needs; returns the values given (`nil`: cannot ask, or the person declined).
    public typealias InputAsker = @Sendable (_ missing: [MissingInput], _ plan: RunCandidate) async -> JSONObject?
    /// Receives progress as the run goes.
    public typealias ProgressReporter = @Sendable (RunProgress) async -> Void
    /// Shown each call before it is sent; returns whether to send it (`false` stops the run).
    public typealias StepGate = @Sendable (PlannedCall) async -> Bool

    /// Asks a person to confirm calls that a guardrail wants confirmed.
    public var confirm: OperationRunner.Confirmer?
    /// Asks for missing inputs.
    public var askForInputs: InputAsker?
    /// Receives progress.
    public var progress: ProgressReporter?
    /// Runs one call at a time (`--step`).
    public var beforeStep: StepGate?

    /// Hooks; all optional.
    public init(
        confirm: OperationRunner.Confirmer? = nil, askForInputs: InputAsker? = nil, progress: ProgressReporter? = nil,
        beforeStep: StepGate? = nil
    ) {
        self.confirm = confirm
        self.askForInputs = askForInputs
        self.progress = progress
        self.beforeStep = beforeStep
    }
}

/// How far a run is: `completed` of `total` units (planning, then one per call), with what happens now.
public struct RunProgress: Sendable, Hashable {
    /// Units done.
    public var completed: Int
    /// Units expected, when known (it grows when a re-plan adds calls).
    public var total: Int?
    /// What happens now, in plain words.
    public var message: String

    /// A progress report.
    public init(completed: Int, total: Int?, message: String) {
        self.completed = completed
        self.total = total
        self.message = message
    }
}
