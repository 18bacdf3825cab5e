import HandbookModel
@testable import RuntimeLite
import Testing

/// The schema validator, the guardrail constraints and the test assertions answer number questions by one rule
/// (``JSONNumberComparison``, ``JSONValue/isOfSchemaType(_:)``): the same value and bound give the same verdict
/// through each of them.
@Suite struct NumberRuleParityTests {
    /// 2^53 + 1: the first integer a `Double` cannot hold.
    static let beyondDouble: Int64 = 9_007_199_254_740_993

    /// A value, a bound and whether the value is at most the bound.
    struct AtMost: Sendable {
        let value: JSONValue
        let bound: Double
        let holds: Bool

        init(_ value: JSONValue, _ bound: Double, _ holds: Bool) {
            self.value = value
            self.bound = bound
            self.holds = holds
        }
    }

    static let atMost: [AtMost] = [
        AtMost(.int(5), 5, true),
        AtMost(.double(5.0), 5, true),
        AtMost(.int(6), 5.5, false),
        AtMost(.double(5.5), 5.5, true),
        AtMost(.int(beyondDouble), 9_007_199_254_740_992, false),
        AtMost(.int(beyondDouble - 1), 9_007_199_254_740_992, true),
        AtMost(.int(Int64.max), 9_223_372_036_854_775_808, true),  // 2^63, the first double above Int64.max
        AtMost(.int(-3), -2.5, true),
        AtMost(.double(-.infinity), 0, true),
    ]

    func validatorAccepts(_ value: JSONValue, _ schema: JSONValue) -> Bool {
        JSONSchemaValidator(resolveReference: { _ in nil }).validate(value, against: schema).isEmpty
    }

    func guardrailAccepts(_ value: JSONValue, maximum: Double) -> Bool {
        ConstraintCheck(ArgumentConstraint(argument: "n", maximum: maximum))
            .violation(in: JSONObject([("n", value)]), quoting: .plain) == nil
    }

    func assertionHolds(_ value: JSONValue, _ comparison: ResponseAssertion.Operator, _ expected: JSONValue) -> Bool {
        let assertion = ResponseAssertion(path: "$.n", comparison: comparison, expected: expected)
        return AssertionEvaluator.failure(of: assertion, body: .object(JSONObject([("n", value)]))) == nil
    }

    @Test(arguments: atMost)
    func maximumIsOneRule(_ example: AtMost) {
        let (value, bound, holds) = (example.value, example.bound, example.holds)
        #expect(validatorAccepts(value, .object(["maximum": .double(bound)])) == holds)
        #expect(assertionHolds(value, .lessThanOrEqual, .double(bound)) == holds)
        #expect(assertionHolds(value, .greaterThan, .double(bound)) == !holds)
        if value.doubleValue?.isFinite == true {
            // Guardrails refuse non-finite numbers whatever the bound (fail closed); finite ones follow the rule.
            #expect(guardrailAccepts(value, maximum: bound) == holds)
        }
    }

    @Test func integerBoundsCompareExactly() {
        let bound = JSONValue.int(Self.beyondDouble - 1)
        #expect(!validatorAccepts(.int(Self.beyondDouble), .object(["maximum": bound])))
        #expect(!assertionHolds(.int(Self.beyondDouble), .lessThanOrEqual, bound))
        #expect(JSONNumberComparison.compare(.double(9_007_199_254_740_992), to: .int(Self.beyondDouble)) == -1)
        #expect(JSONNumberComparison.compare(.string("5"), to: .int(5)) == nil)
        #expect(JSONNumberComparison.compare(.double(.nan), to: .int(5)) == nil)
    }

    /// Values that are integers in the JSON Schema sense, and values that are not.
    static let integers: [JSONValue] = [.int(3), .double(3.0), .double(1e16)]
    static let nonIntegers: [JSONValue] = [.double(3.5), .double(.infinity), .string("3")]

    @Test(arguments: integers.map { ($0, true) } + nonIntegers.map { ($0, false) })
    func integerTypeIsOneRule(_ value: JSONValue, _ isInteger: Bool) {
        #expect(JSONNumberComparison.isInteger(value) == isInteger)
        #expect(validatorAccepts(value, .object(["type": .string("integer")])) == isInteger)
        #expect(assertionHolds(value, .type, .string("integer")) == isInteger)
    }

    @Test func unknownTypeNamesDiffer() {
        // An unknown type name constrains nothing in a schema but is a failed assertion.
        #expect(JSONValue.int(1).isOfSchemaType("decimal") == nil)
        #expect(validatorAccepts(.int(1), .object(["type": .string("decimal")])))
        #expect(!assertionHolds(.int(1), .type, .string("decimal")))
    }
}
