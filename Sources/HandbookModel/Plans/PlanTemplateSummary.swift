/// A plan template's identity without its steps' arguments and inputs: what a planner reads of every template up
/// front, before it reads (by id) the few a proposal takes.
public struct PlanTemplateSummary: Sendable, Hashable {
    /// The template's id (``PlanTemplate/id``).
    public var id: String
    /// Where it comes from.
    public var origin: PlanTemplate.Origin
    /// The operations it calls, in order.
    public var operations: [String]

    /// A summary of the template `id` from `origin`, calling `operations`.
    public init(id: String, origin: PlanTemplate.Origin, operations: [String]) {
        self.id = id
        self.origin = origin
        self.operations = operations
    }
}
