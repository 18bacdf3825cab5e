/// A plan template's identity without its steps' arguments and inputs: what a planner reads of every template up
/// front, before it reads (by id) the few a proposal takes.
public struct PlanTemplateSummary: Sendable, Hashable {
    /// The template's id (``PlanTemplate/id``).
    public var id: String
    /// Where it comes from.
    public var origin: PlanTemplate.Origin
    /// The operations it calls, in order.
    public var operations: [String]
    /// The first argument of its last step that an earlier step's output gives (`$steps.…`), by name: what a lookup
    /// chain looks up (`customer_id` of `chain:listCustomers>updateCustomer`); `nil` when none is.
    public var boundInput: String?

    /// A summary of the template `id` from `origin`, calling `operations`, whose last step takes `boundInput` from an
    /// earlier one.
    public init(id: String, origin: PlanTemplate.Origin, operations: [String], boundInput: String? = nil) {
        self.id = id
        self.origin = origin
        self.operations = operations
        self.boundInput = boundInput
    }

    /// The summary of `template`.
    public init(of template: PlanTemplate) {
        self.init(
            id: template.id, origin: template.origin, operations: template.operations,
            boundInput: template.steps.last?.arguments.objectValue?.members.first {
                $0.value.stringValue?.hasPrefix("$steps.") == true
            }?.key)
    }
}
