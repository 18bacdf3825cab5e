/// A reusable multi-step call sequence with typed inputs: what `hbc build` precomputes and the planner proposes.
///
/// Step arguments are JSON values in which strings may be runtime expressions (Arazzo style): `$inputs.NAME` takes a
/// plan input, `$steps.ID.response.body#/json/pointer` a value from an earlier step's response. Single-step plans
/// are not stored: every operation is one, with its arguments as inputs.
public struct PlanTemplate: Sendable, Hashable, Codable {
    /// Where a template comes from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// Derived from data dependencies: an operation needs an identifier another one returns.
        case dependency
        /// Written as the steps of a regression test.
        case test
        /// Composed by an agent at run time.
        case composed
        /// Imported from an Arazzo 1.0 workflow of the handbook.
        case arazzo
    }

    /// Unique id, such as `chain:listCustomers>updateCustomer`.
    public var id: String
    /// One line saying what the plan does.
    public var title: String
    /// The steps in plain words.
    public var description: String
    /// Where it comes from.
    public var origin: Origin
    /// JSON Schema (an object) of the inputs still to fill.
    public var inputs: JSONValue
    /// The calls, in order.
    public var steps: [PlanStep]
    /// Requests this plan answers (for search).
    public var exampleRequests: [String]

    /// A template.
    public init(
        id: String, title: String, description: String, origin: Origin, inputs: JSONValue, steps: [PlanStep],
        exampleRequests: [String]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.origin = origin
        self.inputs = inputs
        self.steps = steps
        self.exampleRequests = exampleRequests
    }

    /// The operations the plan calls, in order.
    public var operations: [String] { steps.map(\.operation) }
}

/// One call of a plan.
///
/// A step with a `shape` returns its response shaped by it (a handbook shape of the operation, or a jq program);
/// later steps read the shaped output with `$steps.ID.shaped#/pointer` and the unshaped body with
/// `$steps.ID.response.body#/pointer`.
public struct PlanStep: Sendable, Hashable, Codable {
    /// The name later steps refer to.
    public var id: String
    /// The operation called.
    public var operation: String
    /// Arguments: parameters by name, the JSON body under `body`; strings may be runtime expressions.
    public var arguments: JSONValue
    /// What must hold for the plan to go on, such as `$statusCode == 200`.
    public var successCriteria: [String]
    /// The shape applied to the step's response: a handbook shape's name or a jq program (`nil`: none). Left out
    /// of the JSON when `nil`, so plans without shapes keep their bytes.
    public var shape: String?

    /// A step.
    public init(id: String, operation: String, arguments: JSONValue, successCriteria: [String], shape: String? = nil) {
        self.id = id
        self.operation = operation
        self.arguments = arguments
        self.successCriteria = successCriteria
        self.shape = shape
    }
}
