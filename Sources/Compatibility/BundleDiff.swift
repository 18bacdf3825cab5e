import HandbookModel

/// Everything that changed from one bundle to another: operations added, removed and changed, and handbook-level
/// changes (APIs, guardrails, regression tests, plan templates), each classified as breaking or compatible.
///
/// Its JSON form is the output of `hbc diff --json`, documented with every rule in docs/diff.md. Operations are
/// matched by id, then by method and path template (a renamed id is one changed operation); an operation whose
/// fingerprint is unchanged is not compared at all.
public struct BundleDiff: Sendable, Codable {
    /// The version of this document's JSON form.
    public var formatVersion = 1
    /// The bundle compared from.
    public var old: BundleIdentity
    /// The bundle compared to.
    public var new: BundleIdentity
    /// Counts, for a quick look and for scripts.
    public var summary: DiffSummary
    /// Operations added, removed or changed, by id; unchanged operations are left out.
    public var operations: [OperationDiff]
    /// Changes to the handbook around the operations: APIs, guardrails, regression tests, plan templates.
    public var handbook: [ContractChange]

    /// Compares two opened bundles.
    public init(old: BundleReader, new: BundleReader) throws {
        self.old = BundleIdentity(old)
        self.new = BundleIdentity(new)
        let oldSummaries = try old.operationSummaries()
        let newSummaries = try new.operationSummaries()
        operations = try OperationDiffer(old: old, new: new).differences(from: oldSummaries, to: newSummaries)
        handbook = try HandbookComparison(
            old: old, new: new, oldOperations: oldSummaries, newOperations: newSummaries, operations: operations
        ).changes()
        summary = DiffSummary(operations: operations, handbook: handbook)
    }

    /// Whether anything breaking changed: an operation, or the handbook around them (docs/diff.md says which
    /// handbook changes break agents: a removed API or environment, changed auth; guardrail changes never do).
    /// Invalidated plan templates do not count on their own: each follows from a breaking operation change.
    public var hasBreakingChanges: Bool { summary.breaking > 0 }

    /// One line per breaking change, such as
    /// "getCustomer (GET /customers/{id}): response 200 body property `name` was removed"; invalidated plan
    /// templates are left out (the operation changes that invalidate them are listed).
    public var breakingSummary: [String] {
        operations.flatMap { operation in
            operation.changes.filter { $0.severity == .breaking }.map { "\(operation.title): \($0.message)" }
        } + handbook.filter(DiffSummary.countsAsBreaking).map { "handbook: \($0.message)" }
    }

    /// The differences of one operation, or `nil` when it is unchanged (or in neither bundle).
    public func operation(id: String) -> OperationDiff? {
        operations.first { $0.operationID == id }
    }
}
