/// A regression test from the handbook's `tests/*.yaml`: a request and what must follow from it.
public struct RegressionTest: Sendable, Hashable, Codable {
    /// `suite/name`, unique in the handbook.
    public var id: String
    /// The suite (file) it belongs to.
    public var suite: String
    /// The test's name within its suite.
    public var name: String
    /// The natural-language request an agent would get, when the test has one.
    public var request: String?
    /// Operations the runtime must propose for the request, in order (selection test), when given.
    public var expectedOperations: [String]?
    /// Calls to make in order (execution test).
    public var steps: [TestStep]
    /// Where the test is written.
    public var source: SourceLocation?

    /// A regression test.
    public init(
        suite: String,
        name: String,
        request: String?,
        expectedOperations: [String]?,
        steps: [TestStep],
        source: SourceLocation?
    ) {
        self.id = "\(suite)/\(name)"
        self.suite = suite
        self.name = name
        self.request = request
        self.expectedOperations = expectedOperations
        self.steps = steps
        self.source = source
    }
}

/// One call of an execution test.
public struct TestStep: Sendable, Hashable, Codable {
    /// A name later steps use in `$steps.ID.response.body#/pointer`.
    public var id: String
    /// The operation to call.
    public var operation: String
    /// Arguments: parameters by name, the JSON body under `body`; strings may be runtime expressions.
    public var arguments: JSONObject
    /// What must hold afterwards.
    public var expectation: StepExpectation

    /// A step.
    public init(id: String, operation: String, arguments: JSONObject, expectation: StepExpectation) {
        self.id = id
        self.operation = operation
        self.arguments = arguments
        self.expectation = expectation
    }

    enum CodingKeys: String, CodingKey {
        case id, operation, arguments, expectation
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        operation = try container.decode(String.self, forKey: .operation)
        arguments = try container.decode(JSONValue.self, forKey: .arguments).objectValue ?? JSONObject()
        expectation = try container.decode(StepExpectation.self, forKey: .expectation)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(operation, forKey: .operation)
        try container.encode(JSONValue.object(arguments), forKey: .arguments)
        try container.encode(expectation, forKey: .expectation)
    }
}

/// What a step's outcome must be.
public struct StepExpectation: Sendable, Hashable, Codable {
    /// The HTTP status the call must return, when given.
    public var status: Int?
    /// The guardrail policy that must refuse the call, when given (then nothing is sent).
    public var deniedBy: String?
    /// Assertions on the response body.
    public var assertions: [ResponseAssertion]

    /// An expectation.
    public init(status: Int?, deniedBy: String?, assertions: [ResponseAssertion]) {
        self.status = status
        self.deniedBy = deniedBy
        self.assertions = assertions
    }
}

/// A check on a value selected from a response body by a JSONPath.
public struct ResponseAssertion: Sendable, Hashable, Codable {
    /// How the selected value is compared.
    public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
        case equals
        case notEquals = "not_equals"
        case contains
        case matches
        case length
        case type
        case greaterThan = "gt"
        case greaterThanOrEqual = "gte"
        case lessThan = "lt"
        case lessThanOrEqual = "lte"
        case exists
    }

    /// A JSONPath such as `$.items[0].name`.
    public var path: String
    /// The comparison.
    public var comparison: Operator
    /// The value compared with.
    public var expected: JSONValue

    /// An assertion.
    public init(path: String, comparison: Operator, expected: JSONValue) {
        self.path = path
        self.comparison = comparison
        self.expected = expected
    }
}
