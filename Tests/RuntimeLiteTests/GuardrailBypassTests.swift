import HandbookModel
import Testing
@testable import RuntimeLite

private let anyCall = APIOperation(
    id: "updateThing", apiID: "acme", method: "PATCH", path: "/things/{id}", summary: nil, description: nil, tags: [],
    deprecated: false, parameters: [], requestBody: nil, responses: [], security: [], servers: [], source: nil)

private func engine(
    constraints: [ArgumentConstraint] = [], redact: [String] = [], secrets: KnownSecrets = KnownSecrets()
) -> GuardrailEngine {
    let policy = GuardrailPolicy(
        id: "limits", description: nil, match: OperationMatcher(), effect: nil, message: nil, constraints: constraints,
        redact: redact, source: nil)
    return GuardrailEngine(guardrails: GuardrailSet(readOnly: false, policies: [policy]), secrets: secrets)
}

private func denial(_ decision: GuardrailDecision) -> GuardrailDenial? {
    if case .deny(let denial) = decision { denial } else { nil }
}

/// Attacks on guardrails that held-out suites found: case variants of body keys, ICU pattern semantics, secrets
/// quoted in reasons, case variants escaping redaction.
@Suite struct GuardrailBypassTests {
    private let cap = engine(constraints: [ArgumentConstraint(argument: "body.credit_limit", maximum: 10000)])

    @Test(arguments: ["Credit_Limit", "CREDIT_LIMIT", "credit_LIMIT"])
    func constraintsSeeCaseVariantsOfBodyKeys(_ key: String) throws {
        let arguments: JSONObject = ["body": .object([key: .integer(50000)])]
        let refused = try #require(denial(cap.check(anyCall, arguments: arguments)))
        #expect(refused.reason == "body.\(key) must be ≤ 10000 (got 50000)")
    }

    @Test func aHarmlessExactKeyDoesNotHideAHarmfulVariant() {
        let arguments: JSONObject = ["body": .object(["credit_limit": .integer(5), "Credit_Limit": .integer(50000)])]
        #expect(denial(cap.check(anyCall, arguments: arguments)) != nil)
        #expect(cap.check(anyCall, arguments: ["body": .object(["credit_limit": .integer(5)])]) == .allow)
    }

    @Test func nestedPathsSeeCaseVariantsAtEveryLevel() {
        let nested = engine(constraints: [ArgumentConstraint(argument: "body.owner.role", allowedValues: [.string("user")])])
        let arguments: JSONObject = ["body": .object(["Owner": .object(["ROLE": .string("admin")])])]
        #expect(denial(nested.check(anyCall, arguments: arguments))?.reason.hasPrefix("body.Owner.ROLE must be one of") == true)
    }

    @Test func patternsFollowECMA262() {
        let digits = engine(constraints: [ArgumentConstraint(argument: "id", pattern: "^\\d{3}$")])
        #expect(digits.check(anyCall, arguments: ["id": .string("123")]) == .allow)
        #expect(denial(digits.check(anyCall, arguments: ["id": .string("123\n")])) != nil)
        #expect(denial(digits.check(anyCall, arguments: ["id": .string("١٢٣")])) != nil)
    }

    @Test func reasonsMaskKnownSecretsBeforeShortening() throws {
        let secrets = KnownSecrets()
        let token = "sk_live_0a1b2c3d4e5f6a7b8c9d"
        secrets.add(token)
        let patterned = engine(constraints: [ArgumentConstraint(argument: "note", pattern: "^[a-z]*$")], secrets: secrets)
        let note = String(repeating: "x", count: 50) + token
        let refused = try #require(denial(patterned.check(anyCall, arguments: ["note": .string(note)])))
        #expect(!refused.reason.contains(String(token.prefix(7))))
    }

    @Test func redactionRemovesCaseVariantsOfNamesAndPaths() {
        let redacting = engine(redact: ["ssn", "customer.phone"])
        let body: JSONValue = .object([
            "SSN": .string("123-45-6789"),
            "Customer": .object(["Phone": .string("+1555"), "name": .string("Ann")]),
            "items": .array([.object(["Ssn": .string("987-65-4321")])]),
        ])
        let (redacted, removed) = redacting.redact(body, for: anyCall)
        let text = redacted.serialized
        #expect(!text.contains("123-45") && !text.contains("987-65") && !text.contains("+1555"))
        #expect(text.contains("Ann"))
        #expect(Set(removed) == ["/SSN", "/items/0/Ssn", "/Customer/Phone"])
    }
}
