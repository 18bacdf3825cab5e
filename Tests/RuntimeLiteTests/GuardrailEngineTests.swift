import HandbookModel
import RuntimeLite
import Testing

/// An operation with only what guardrails look at.
private func operation(
    _ id: String, _ method: String, _ path: String, tags: [String] = [], api: String = "acme"
) -> APIOperation {
    APIOperation(
        id: id, apiID: api, method: method, path: path, summary: nil, description: nil, tags: tags,
        deprecated: false, parameters: [], requestBody: nil, responses: [], security: [], servers: [], source: nil
    )
}

private func policy(
    _ id: String, match: OperationMatcher = OperationMatcher(), effect: GuardrailPolicy.Effect? = nil,
    message: String? = nil, description: String? = nil, constraints: [ArgumentConstraint] = [],
    redact: [String] = []
) -> GuardrailPolicy {
    GuardrailPolicy(
        id: id, description: description, match: match, effect: effect, message: message, constraints: constraints,
        redact: redact, source: nil
    )
}

private func engine(readOnly: Bool = false, _ policies: [GuardrailPolicy]) -> GuardrailEngine {
    GuardrailEngine(guardrails: GuardrailSet(readOnly: readOnly, policies: policies))
}

/// An engine with one policy holding one constraint, matching every operation.
private func constrained(_ constraint: ArgumentConstraint, message: String? = nil) -> GuardrailEngine {
    engine([policy("limit", message: message, constraints: [constraint])])
}

private func refusal(_ decision: GuardrailDecision) -> GuardrailDenial? {
    if case .deny(let denial) = decision { denial } else { nil }
}

private let anyCall = operation("doThing", "POST", "/things")

/// The policies of handbooks/acme-analytics/guardrails/policies.yaml.
private let acme = engine([
    policy("no-deletes", match: OperationMatcher(methods: ["DELETE"]), effect: .deny,
           message: "Deleting is done by people in the ACME admin console."),
    policy("orders-are-read-only", match: OperationMatcher(methods: ["POST", "PUT", "PATCH"], tags: ["orders"]),
           effect: .deny, message: "Orders are changed in the order-management system, not by agents."),
    policy("credit-limit-cap", match: OperationMatcher(operations: ["updateCustomer"]), constraints: [
        ArgumentConstraint(argument: "body.credit_limit", minimum: 0, maximum: 10000),
        ArgumentConstraint(argument: "customer_id", pattern: "^C[0-9]{5}$"),
    ]),
    policy("confirm-customer-writes", match: OperationMatcher(operations: ["updateCustomer"]), effect: .confirm,
           message: "This changes customer data in ACME's systems."),
    policy("sales-query-row-cap", match: OperationMatcher(operations: ["querySales"]), constraints: [
        ArgumentConstraint(argument: "body.limit", minimum: 1, maximum: 500),
        ArgumentConstraint(argument: "body.group_by", maxItems: 3),
    ]),
    policy("mask-contact-details", match: OperationMatcher(tags: ["customers"]), redact: ["phone"]),
])

private let updateCustomer = operation("updateCustomer", "PATCH", "/customers/{customer_id}", tags: ["customers"])
private let getCustomer = operation("getCustomer", "GET", "/customers/{customer_id}", tags: ["customers"])
private let querySales = operation("querySales", "POST", "/sales/query", tags: ["sales"])

private func creditLimit(_ value: JSONValue, customer: String = "C00001") -> JSONObject {
    ["customer_id": .string(customer), "body": .object(["credit_limit": value])]
}

@Suite struct AcmePolicyTests {
    @Test func overLimitCreditRaiseIsDeniedNamingPolicyArgumentAndValue() throws {
        let denial = try #require(refusal(acme.check(updateCustomer, arguments: creditLimit(.integer(50000)))))
        #expect(denial.policyID == "credit-limit-cap")
        #expect(denial.argument == "body.credit_limit")
        #expect(denial.reason == "body.credit_limit must be ≤ 10000 (got 50000)")
        #expect(denial.description == "denied by policy 'credit-limit-cap': body.credit_limit must be ≤ 10000 (got 50000)")
    }

    @Test func limitJustAboveTheCapIsDenied() {
        let denial = refusal(acme.check(updateCustomer, arguments: creditLimit(.double(10000.01))))
        #expect(denial?.policyID == "credit-limit-cap")
        #expect(denial?.reason == "body.credit_limit must be ≤ 10000 (got 10000.01)")
    }

    @Test func limitsAtTheBoundsPassConstraintsAndAskForConfirmation() {
        for value: JSONValue in [.integer(10000), .double(10000.0), .integer(0), .double(-0.0)] {
            #expect(acme.check(updateCustomer, arguments: creditLimit(value))
                == .confirm(policyIDs: ["confirm-customer-writes"],
                            message: "This changes customer data in ACME's systems."))
        }
    }

    @Test func negativeLimitIsDenied() {
        #expect(refusal(acme.check(updateCustomer, arguments: creditLimit(.integer(-1))))?.reason
            == "body.credit_limit must be ≥ 0 (got -1)")
    }

    @Test func customerIDPatternIsChecked() {
        for id in ["C000011", "xC00001", "C0001", "c00001", ""] {
            let denial = refusal(acme.check(updateCustomer, arguments: creditLimit(.integer(5), customer: id)))
            #expect(denial?.argument == "customer_id", "\(id)")
        }
    }

    @Test func salesRowAndGroupingCaps() {
        let tooMany: JSONObject = [
            "body": .object(["group_by": .array([.string("year"), .string("country"), .string("segment"), .string("category")])]),
        ]
        #expect(refusal(acme.check(querySales, arguments: tooMany))?.reason
            == "body.group_by must have at most 3 items (got 4)")
        let threeGroups: JSONObject = ["body": .object(["group_by": .array([.string("year"), .string("country"), .string("segment")]),
                                                        "limit": .integer(500)])]
        #expect(acme.check(querySales, arguments: threeGroups) == .allow)
        let bigPage: JSONObject = ["body": .object(["limit": .integer(1000)])]
        #expect(refusal(acme.check(querySales, arguments: bigPage))?.policyID == "sales-query-row-cap")
    }

    @Test func denyPolicyCarriesItsMessage() throws {
        let deleteCustomer = operation("deleteCustomer", "DELETE", "/customers/{customer_id}", tags: ["customers"])
        let denial = try #require(refusal(acme.check(deleteCustomer, arguments: [:])))
        #expect(denial.policyID == "no-deletes")
        #expect(denial.argument == nil)
        #expect(denial.description == "denied by policy 'no-deletes': Deleting is done by people in the ACME admin console.")
    }

    @Test func policiesForAnOperationAreInFileOrder() {
        #expect(acme.policies(for: updateCustomer).map(\.id)
            == ["credit-limit-cap", "confirm-customer-writes", "mask-contact-details"])
        #expect(acme.policies(for: operation("listOrders", "GET", "/orders", tags: ["orders"])).isEmpty)
        #expect(acme.policies(for: operation("createOrder", "POST", "/orders", tags: ["orders"])).map(\.id)
            == ["orders-are-read-only"])
    }

    @Test func phoneIsRedactedFromCustomerResponsesOnly() {
        let body: JSONValue = .object(["name": .string("Globex Corporation"), "phone": .string("+1 555 0100")])
        let (redacted, removed) = acme.redact(body, for: getCustomer)
        #expect(redacted == .object(["name": .string("Globex Corporation")]))
        #expect(removed == ["/phone"])
        #expect(acme.redact(body, for: querySales) == (body, []))
    }
}

@Suite struct FailClosedTypeTests {
    private let cap = constrained(ArgumentConstraint(argument: "body.credit_limit", minimum: 0, maximum: 10000))

    @Test(arguments: [
        (JSONValue.string("50000"), #"body.credit_limit must be a number (got string "50000")"#),
        (JSONValue.string("5"), #"body.credit_limit must be a number (got string "5")"#),
        (JSONValue.bool(true), "body.credit_limit must be a number (got boolean true)"),
        (JSONValue.array([.integer(50000)]), "body.credit_limit must be a number (got array [50000])"),
        (JSONValue.object(["value": .integer(1)]), #"body.credit_limit must be a number (got object {"value":1})"#),
        (JSONValue.null, "body.credit_limit must be a number (got null)"),
    ])
    func nonNumbersAreDeniedForNumericLimits(value: JSONValue, reason: String) {
        let denial = refusal(cap.check(anyCall, arguments: ["body": .object(["credit_limit": value])]))
        #expect(denial?.policyID == "limit")
        #expect(denial?.argument == "body.credit_limit")
        #expect(denial?.reason == reason)
    }

    @Test(arguments: [(Double.nan, "NaN"), (-Double.nan, "NaN"), (Double.infinity, "infinity"),
                      (-Double.infinity, "-infinity")])
    func nonFiniteNumbersAreDenied(value: Double, shown: String) {
        let onlyMinimum = constrained(ArgumentConstraint(argument: "n", minimum: 0))
        let onlyMaximum = constrained(ArgumentConstraint(argument: "n", maximum: 10))
        for guards in [onlyMinimum, onlyMaximum] {
            #expect(refusal(guards.check(anyCall, arguments: ["n": .double(value)]))?.reason
                == "n must be a finite number (got \(shown))")
        }
    }

    @Test func hugeNumbersAreComparedExactly() {
        #expect(refusal(cap.check(anyCall, arguments: ["body": .object(["credit_limit": .double(1e308)])]))?.reason
            == "body.credit_limit must be ≤ 10000 (got 1e+308)")
        #expect(refusal(cap.check(anyCall, arguments: ["body": .object(["credit_limit": .int(.max)])])) != nil)
        #expect(refusal(cap.check(anyCall, arguments: ["body": .object(["credit_limit": .int(.min)])]))?.reason
            == "body.credit_limit must be ≥ 0 (got -9223372036854775808)")
        // 2^53 + 1 rounds to 2^53 as a Double; the check must not round it.
        let bound = constrained(ArgumentConstraint(argument: "n", maximum: 9_007_199_254_740_992))
        #expect(bound.check(anyCall, arguments: ["n": .int(9_007_199_254_740_992)]) == .allow)
        #expect(refusal(bound.check(anyCall, arguments: ["n": .int(9_007_199_254_740_993)])) != nil)
        let fractional = constrained(ArgumentConstraint(argument: "n", maximum: 2.5))
        #expect(fractional.check(anyCall, arguments: ["n": .integer(2)]) == .allow)
        #expect(refusal(fractional.check(anyCall, arguments: ["n": .integer(3)])) != nil)
    }

    @Test func nonFiniteBoundDeniesInsteadOfPassing() {
        let broken = constrained(ArgumentConstraint(argument: "n", maximum: .nan))
        #expect(refusal(broken.check(anyCall, arguments: ["n": .integer(1)]))?.reason.contains("cannot be checked") == true)
    }

    @Test func stringLimitsDenyNonStrings() {
        for constraint in [ArgumentConstraint(argument: "s", pattern: "x"), ArgumentConstraint(argument: "s", minLength: 1),
                           ArgumentConstraint(argument: "s", maxLength: 9)] {
            let denial = refusal(constrained(constraint).check(anyCall, arguments: ["s": .integer(12345)]))
            #expect(denial?.reason == "s must be a string (got number 12345)")
        }
    }

    @Test func maxItemsDeniesNonArrays() {
        let denial = refusal(constrained(ArgumentConstraint(argument: "a", maxItems: 3))
            .check(anyCall, arguments: ["a": .string("a,b")]))
        #expect(denial?.reason == #"a must be an array (got string "a,b")"#)
    }

    @Test func longValuesAreShortenedInReasons() throws {
        let long = String(repeating: "9", count: 5000)
        let denial = try #require(refusal(cap.check(anyCall, arguments: ["body": .object(["credit_limit": .string(long)])])))
        #expect(denial.reason.count < 120)
        #expect(denial.reason.hasSuffix("…)"))
    }
}

@Suite struct ConstraintSemanticsTests {
    @Test func exclusiveBoundsAreStrict() {
        let range = constrained(ArgumentConstraint(argument: "n", exclusiveMinimum: 0, exclusiveMaximum: 10))
        #expect(refusal(range.check(anyCall, arguments: ["n": .integer(0)]))?.reason == "n must be > 0 (got 0)")
        #expect(refusal(range.check(anyCall, arguments: ["n": .double(10)]))?.reason == "n must be < 10 (got 10)")
        #expect(range.check(anyCall, arguments: ["n": .double(0.0001)]) == .allow)
        #expect(range.check(anyCall, arguments: ["n": .double(9.999)]) == .allow)
    }

    @Test func enumComparesNumbersByValue() {
        let levels = constrained(ArgumentConstraint(argument: "n", allowedValues: [.integer(5), .string("all")]))
        #expect(levels.check(anyCall, arguments: ["n": .double(5.0)]) == .allow)
        #expect(levels.check(anyCall, arguments: ["n": .integer(5)]) == .allow)
        #expect(levels.check(anyCall, arguments: ["n": .string("all")]) == .allow)
        #expect(refusal(levels.check(anyCall, arguments: ["n": .string("5")]))?.reason
            == #"n must be one of [5,"all"] (got "5")"#)
        #expect(refusal(levels.check(anyCall, arguments: ["n": .double(5.000001)])) != nil)
        #expect(refusal(levels.check(anyCall, arguments: ["n": .string("ALL")])) != nil)
        let doubles = constrained(ArgumentConstraint(argument: "n", allowedValues: [.double(2.0)]))
        #expect(doubles.check(anyCall, arguments: ["n": .integer(2)]) == .allow)
        #expect(refusal(doubles.check(anyCall, arguments: ["n": .double(.nan)])) != nil)
    }

    @Test func enumComparesStructuredValuesByValue() {
        let shapes = constrained(ArgumentConstraint(argument: "n", allowedValues: [
            .object(["a": .integer(1), "b": .array([.double(2)])]),
        ]))
        #expect(shapes.check(anyCall, arguments: ["n": .object(["b": .array([.integer(2)]), "a": .double(1)])]) == .allow)
        #expect(refusal(shapes.check(anyCall, arguments: ["n": .object(["a": .integer(1)])])) != nil)
        #expect(refusal(shapes.check(anyCall, arguments: ["n": .object(["a": .integer(1), "c": .array([.integer(2)])])]))
            != nil)
    }

    @Test func patternSearchesUnlessAnchored() {
        let digits = constrained(ArgumentConstraint(argument: "s", pattern: "[0-9]{3}"))
        #expect(digits.check(anyCall, arguments: ["s": .string("ab123cd")]) == .allow)
        #expect(refusal(digits.check(anyCall, arguments: ["s": .string("ab12cd")]))?.reason
            == #"s must match the pattern [0-9]{3} (got "ab12cd")"#)
        let anchored = constrained(ArgumentConstraint(argument: "s", pattern: "^[a-z]+$"))
        #expect(anchored.check(anyCall, arguments: ["s": .string("abc")]) == .allow)
        #expect(refusal(anchored.check(anyCall, arguments: ["s": .string("abc1")])) != nil)
        #expect(refusal(anchored.check(anyCall, arguments: ["s": .string("abc\n1")])) != nil)
    }

    @Test func invalidPatternDeniesInsteadOfPassing() {
        let broken = constrained(ArgumentConstraint(argument: "s", pattern: "(unclosed"))
        #expect(refusal(broken.check(anyCall, arguments: ["s": .string("anything")]))?.reason
            == "s cannot be checked: the policy's pattern (unclosed is not a valid regular expression")
        #expect(broken.check(anyCall, arguments: [:]) == .allow)
    }

    @Test func lengthsCountUnicodeScalars() {
        let short = constrained(ArgumentConstraint(argument: "s", minLength: 2, maxLength: 3))
        #expect(short.check(anyCall, arguments: ["s": .string("héé")]) == .allow)  // precomposed é: 3 scalars
        #expect(refusal(short.check(anyCall, arguments: ["s": .string("he\u{301}e\u{301}")]))?.reason
            == "s must be at most 3 characters long (got 5)")
        #expect(refusal(short.check(anyCall, arguments: ["s": .string("🇫🇷🇩🇪")]))?.reason
            == "s must be at most 3 characters long (got 4)")  // 2 characters, 4 scalars
        #expect(refusal(short.check(anyCall, arguments: ["s": .string("x")]))?.reason
            == "s must be at least 2 characters long (got 1)")
        #expect(short.check(anyCall, arguments: ["s": .string("🇫🇷")]) == .allow)
    }

    @Test func policyMessageIsAppendedToConstraintReasons() throws {
        let capped = constrained(ArgumentConstraint(argument: "n", maximum: 1), message: "Ask a human for more.")
        let denial = try #require(refusal(capped.check(anyCall, arguments: ["n": .integer(2)])))
        #expect(denial.reason == "n must be ≤ 1 (got 2). Ask a human for more.")
        #expect(denial.argument == "n")
    }

    @Test func firstViolatedConstraintInFileOrderWins() {
        let guards = engine([
            policy("first", constraints: [ArgumentConstraint(argument: "a", maximum: 1),
                                          ArgumentConstraint(argument: "b", maximum: 1)]),
            policy("second", constraints: [ArgumentConstraint(argument: "b", maximum: 1)]),
        ])
        #expect(refusal(guards.check(anyCall, arguments: ["a": .integer(5), "b": .integer(5)]))?.argument == "a")
        let second = refusal(guards.check(anyCall, arguments: ["a": .integer(0), "b": .integer(5)]))
        #expect(second?.policyID == "first")
        #expect(second?.argument == "b")
    }

    @Test func constraintsOfNonMatchingPoliciesAreIgnored() {
        let guards = engine([policy("only-sales", match: OperationMatcher(operations: ["querySales"]),
                                    constraints: [ArgumentConstraint(argument: "n", maximum: 1)])])
        #expect(guards.check(anyCall, arguments: ["n": .integer(5)]) == .allow)
        #expect(refusal(guards.check(querySales, arguments: ["n": .integer(5)]))?.policyID == "only-sales")
    }
}

@Suite struct ArgumentPathTests {
    private let filterCap = constrained(ArgumentConstraint(argument: "body.filters.*.value", maximum: 10))

    private func filters(_ values: [JSONValue]) -> JSONObject {
        ["body": .object(["filters": .array(values.map { .object(["field": .string("x"), "value": $0]) })])]
    }

    @Test func absentArgumentsPass() {
        let cap = constrained(ArgumentConstraint(argument: "body.credit_limit", maximum: 10))
        #expect(cap.check(anyCall, arguments: [:]) == .allow)
        #expect(cap.check(anyCall, arguments: ["body": .object([:])]) == .allow)
        #expect(cap.check(anyCall, arguments: ["body": .null]) == .allow)
        #expect(cap.check(anyCall, arguments: ["credit_limit": .integer(99)]) == .allow)
        #expect(filterCap.check(anyCall, arguments: ["body": .object(["filters": .array([])])]) == .allow)
        #expect(filterCap.check(anyCall, arguments: filters([])) == .allow)
    }

    @Test func pathThroughAScalarIsDenied() {
        let cap = constrained(ArgumentConstraint(argument: "body.credit_limit", maximum: 10))
        #expect(refusal(cap.check(anyCall, arguments: ["body": .string(#"{"credit_limit": 50000}"#)]))?.reason
            == #"body must be an object or array to reach body.credit_limit (got string "{\"credit_limit\": 50000}")"#)
        #expect(refusal(filterCap.check(anyCall, arguments: ["body": .object(["filters": .string("value=50")])])) != nil)
        // A member name cannot select inside an array: use a number or `*`.
        let named = constrained(ArgumentConstraint(argument: "body.filters.value", maximum: 10))
        #expect(refusal(named.check(anyCall, arguments: filters([.integer(1)])))?.reason.hasPrefix("body.filters must be")
            == true)
    }

    @Test func wildcardChecksEveryElementAndNamesTheOffendingOne() throws {
        #expect(filterCap.check(anyCall, arguments: filters([.integer(1), .double(10)])) == .allow)
        let arguments = filters([.integer(1), .integer(11), .integer(12)])
        let denial = try #require(refusal(filterCap.check(anyCall, arguments: arguments)))
        #expect(denial.argument == "body.filters.*.value")
        #expect(denial.reason == "body.filters.1.value must be ≤ 10 (got 11)")
        #expect(refusal(filterCap.check(anyCall, arguments: filters([.integer(1), .string("3")])))?.reason
            == #"body.filters.1.value must be a number (got string "3")"#)
    }

    @Test func wildcardOverObjectMembers() {
        let prices = constrained(ArgumentConstraint(argument: "body.prices.*", minimum: 0))
        func arguments(_ a: Int, _ b: Int) -> JSONObject {
            ["body": .object(["prices": .object(["a": .integer(a), "b": .integer(b)])])]
        }
        #expect(prices.check(anyCall, arguments: arguments(1, 2)) == .allow)
        #expect(refusal(prices.check(anyCall, arguments: arguments(1, -2)))?.reason == "body.prices.b must be ≥ 0 (got -2)")
    }

    @Test func numericSegmentsIndexArrays() {
        let first = constrained(ArgumentConstraint(argument: "body.filters.0.value", maximum: 10))
        #expect(refusal(first.check(anyCall, arguments: filters([.integer(11), .integer(1)])))?.reason
            == "body.filters.0.value must be ≤ 10 (got 11)")
        #expect(first.check(anyCall, arguments: filters([.integer(1), .integer(11)])) == .allow)
        let outOfRange = constrained(ArgumentConstraint(argument: "body.filters.5.value", maximum: 10))
        #expect(outOfRange.check(anyCall, arguments: filters([.integer(11)])) == .allow)
        // On an object a numeric segment is a member name.
        let keyed: JSONObject = ["body": .object(["filters": .object(["0": .object(["value": .integer(11)])])])]
        #expect(refusal(first.check(anyCall, arguments: keyed)) != nil)
    }

    @Test func nestedWildcards() {
        let cap = constrained(ArgumentConstraint(argument: "rows.*.*", maxLength: 2))
        func rows(_ text: String) -> JSONObject {
            ["rows": .array([.array([.string("ab")]), .object(["k": .string(text)])])]
        }
        #expect(cap.check(anyCall, arguments: rows("cd")) == .allow)
        #expect(refusal(cap.check(anyCall, arguments: rows("cde")))?.reason
            == "rows.1.k must be at most 2 characters long (got 3)")
    }
}

@Suite struct MatchingTests {
    @Test func methodsCompareCaseInsensitively() {
        let guards = engine([policy("no-patch", match: OperationMatcher(methods: ["patch"]), effect: .deny)])
        #expect(refusal(guards.check(operation("a", "PATCH", "/x"), arguments: [:]))?.policyID == "no-patch")
        #expect(refusal(guards.check(operation("a", "Patch", "/x"), arguments: [:]))?.policyID == "no-patch")
        #expect(guards.check(operation("a", "POST", "/x"), arguments: [:]) == .allow)
        #expect(acme.check(operation("a", "delete", "/x"), arguments: [:]) != .allow)
    }

    @Test func pathGlobs() {
        let guards = engine([
            policy("admin", match: OperationMatcher(paths: ["/admin/**"]), effect: .deny),
            policy("one-customer", match: OperationMatcher(paths: ["/customers/*"]), effect: .confirm),
        ])
        #expect(refusal(guards.check(operation("a", "GET", "/admin"), arguments: [:]))?.policyID == "admin")
        #expect(refusal(guards.check(operation("a", "GET", "/admin/users/{id}"), arguments: [:]))?.policyID == "admin")
        #expect(guards.check(operation("a", "GET", "/administrators"), arguments: [:]) == .allow)
        #expect(guards.policies(for: operation("a", "GET", "/customers/{id}")).map(\.id) == ["one-customer"])
        #expect(guards.policies(for: operation("a", "GET", "/customers/{id}/orders")).isEmpty)
        #expect(guards.policies(for: operation("a", "GET", "/customers")).isEmpty)
    }

    @Test func everyCriterionMustHold() {
        let guards = engine([policy("p", match: OperationMatcher(methods: ["POST"], tags: ["orders"], apis: ["acme"]),
                                    effect: .deny)])
        #expect(refusal(guards.check(operation("a", "POST", "/o", tags: ["x", "orders"]), arguments: [:])) != nil)
        #expect(guards.check(operation("a", "GET", "/o", tags: ["orders"]), arguments: [:]) == .allow)
        #expect(guards.check(operation("a", "POST", "/o", tags: ["orders"], api: "other"), arguments: [:]) == .allow)
        #expect(guards.check(operation("a", "POST", "/o"), arguments: [:]) == .allow)
    }
}

@Suite struct DecisionOrderTests {
    @Test func readOnlyAllowsOnlySafeMethods() throws {
        let guards = engine(readOnly: true, [])
        for method in ["GET", "HEAD", "OPTIONS", "get", "Options"] {
            #expect(guards.check(operation("a", method, "/x"), arguments: [:]) == .allow, "\(method)")
        }
        for method in ["PATCH", "POST", "PUT", "DELETE", "patch", "TRACE"] {
            #expect(refusal(guards.check(operation("a", method, "/x"), arguments: [:]))?.policyID == "read-only",
                    "\(method)")
        }
        let patch = try #require(refusal(guards.check(updateCustomer, arguments: [:])))
        #expect(patch.description
            == "denied by policy 'read-only': this handbook is read-only: only GET, HEAD and OPTIONS calls are allowed, "
            + "and updateCustomer is PATCH")
        #expect(engine(readOnly: false, []).check(updateCustomer, arguments: [:]) == .allow)
    }

    @Test func readOnlyComesBeforeDenyPolicies() {
        let guards = engine(readOnly: true, [policy("no-deletes", match: OperationMatcher(methods: ["DELETE"]),
                                                    effect: .deny)])
        #expect(refusal(guards.check(operation("a", "DELETE", "/x"), arguments: [:]))?.policyID == "read-only")
    }

    @Test func denyPolicyWithoutMessageExplainsWithItsDescription() {
        let described = engine([policy("d", effect: .deny, description: "Nothing goes through.")])
        #expect(refusal(described.check(anyCall, arguments: [:]))?.reason == "Nothing goes through.")
        let bare = engine([policy("d", effect: .deny)])
        #expect(refusal(bare.check(anyCall, arguments: [:]))?.reason == "doThing is not allowed")
    }

    @Test func allowListDeniesWhatNoAllowPolicyMatches() throws {
        let guards = engine([
            policy("reads", match: OperationMatcher(methods: ["GET"]), effect: .allow),
            policy("sales", match: OperationMatcher(operations: ["querySales"]), effect: .allow,
                   constraints: [ArgumentConstraint(argument: "body.limit", maximum: 500)]),
            policy("no-admin", match: OperationMatcher(paths: ["/admin/**"]), effect: .deny),
        ])
        let refused = try #require(refusal(guards.check(updateCustomer, arguments: [:])))
        #expect(refused.policyID == "allow-list")
        #expect(refused.reason == "updateCustomer is not on the allow-list: no allow policy ('reads', 'sales') matches it")
        #expect(guards.check(getCustomer, arguments: [:]) == .allow)
        #expect(guards.check(querySales, arguments: ["body": .object(["limit": .integer(10)])]) == .allow)
        // Allowed operations still obey constraints; deny policies win over allow policies.
        #expect(refusal(guards.check(querySales, arguments: ["body": .object(["limit": .integer(501)])]))?.policyID == "sales")
        #expect(refusal(guards.check(operation("a", "GET", "/admin/x"), arguments: [:]))?.policyID == "no-admin")
    }

    @Test func allowListComesBeforeConstraints() {
        let guards = engine([
            policy("reads", match: OperationMatcher(methods: ["GET"]), effect: .allow),
            policy("cap", constraints: [ArgumentConstraint(argument: "n", maximum: 1)]),
        ])
        #expect(refusal(guards.check(anyCall, arguments: ["n": .integer(5)]))?.policyID == "allow-list")
        #expect(refusal(guards.check(getCustomer, arguments: ["n": .integer(5)]))?.policyID == "cap")
    }

    @Test func denyPoliciesComeBeforeConstraintsAndConstraintsBeforeConfirm() {
        let guards = engine([
            policy("confirm", effect: .confirm),
            policy("cap", constraints: [ArgumentConstraint(argument: "n", maximum: 1)]),
            policy("no-delete", match: OperationMatcher(methods: ["DELETE"]), effect: .deny),
        ])
        #expect(refusal(guards.check(operation("a", "DELETE", "/x"), arguments: ["n": .integer(5)]))?.policyID
            == "no-delete")
        #expect(refusal(guards.check(anyCall, arguments: ["n": .integer(5)]))?.policyID == "cap")
        #expect(guards.check(anyCall, arguments: ["n": .integer(1)])
            == .confirm(policyIDs: ["confirm"], message: "A person must confirm doThing before it is sent."))
    }

    @Test func confirmCollectsEveryMatchingPolicyInOrder() {
        let guards = engine([
            policy("money", effect: .confirm, message: "This moves money."),
            policy("other-op", match: OperationMatcher(operations: ["other"]), effect: .confirm, message: "No."),
            policy("customers", effect: .confirm, description: "Customer data changes."),
        ])
        #expect(guards.check(anyCall, arguments: [:])
            == .confirm(policyIDs: ["money", "customers"], message: "This moves money. Customer data changes."))
    }
}

@Suite struct RedactionTests {
    private static func masking(_ entries: [String]) -> GuardrailEngine {
        engine([policy("mask", redact: entries)])
    }

    private let nested: JSONValue = .object([
        "phone": .string("1"),
        "customer": .object(["name": .string("Globex"), "phone": .string("2")]),
        "items": .array([
            .object([
                "id": .integer(1), "phone": .string("3"),
                "contacts": .array([.object(["phone": .string("4"), "email": .string("e")])]),
            ]),
            .string("not an object"),
            .object(["id": .integer(2)]),
            .object(["id": .integer(3), "phone": .null]),
        ]),
    ])

    @Test func plainNameIsRemovedAtAnyDepth() {
        let (body, removed) = Self.masking( ["phone"]).redact(nested, for: anyCall)
        #expect(removed == ["/phone", "/customer/phone", "/items/0/phone", "/items/0/contacts/0/phone", "/items/3/phone"])
        #expect(body == .object([
            "customer": .object(["name": .string("Globex")]),
            "items": .array([
                .object(["id": .integer(1), "contacts": .array([.object(["email": .string("e")])])]),
                .string("not an object"),
                .object(["id": .integer(2)]),
                .object(["id": .integer(3)]),
            ]),
        ]))
        #expect(!body.serialized.contains("phone"))
    }

    @Test func plainNameInTopLevelArray() {
        let list: JSONValue = .array([
            .object(["phone": .string("1"), "a": .integer(1)]), .object(["a": .integer(2), "phone": .string("2")]),
        ])
        let (body, removed) = Self.masking( ["phone"]).redact(list, for: anyCall)
        #expect(body == .array([.object(["a": .integer(1)]), .object(["a": .integer(2)])]))
        #expect(removed == ["/0/phone", "/1/phone"])
    }

    @Test func dottedPathRemovesExactlyThatLocation() {
        let (body, removed) = Self.masking( ["customer.phone"]).redact(nested, for: anyCall)
        #expect(removed == ["/customer/phone"])
        #expect(body["phone"] == .string("1"))
        #expect(body["customer"] == .object(["name": .string("Globex")]))
        #expect(body["items"] == nested["items"])
    }

    @Test func wildcardAndIndexPaths() {
        let all = Self.masking( ["items.*.phone"]).redact(nested, for: anyCall)
        #expect(all.removed == ["/items/0/phone", "/items/3/phone"])
        #expect(all.body["phone"] == .string("1"))
        #expect(all.body["items"]?.arrayValue?[0]["contacts"] == nested["items"]?.arrayValue?[0]["contacts"])
        let first = Self.masking( ["items.0.phone"]).redact(nested, for: anyCall)
        #expect(first.removed == ["/items/0/phone"])
        let deep = Self.masking( ["items.*.contacts.*.phone"]).redact(nested, for: anyCall)
        #expect(deep.removed == ["/items/0/contacts/0/phone"])
    }

    @Test func memberNameOnAnArrayAppliesToEachElement() {
        let (_, removed) = Self.masking( ["items.phone"]).redact(nested, for: anyCall)
        #expect(removed == ["/items/0/phone", "/items/3/phone"])
        let list: JSONValue = .array([.object(["customer": .object(["phone": .string("1"), "id": .integer(1)])])])
        let top = Self.masking( ["customer.phone"]).redact(list, for: anyCall)
        #expect(top.body == .array([.object(["customer": .object(["id": .integer(1)])])]))
        #expect(top.removed == ["/0/customer/phone"])
    }

    @Test func pathEndingInElementsRemovesThem() {
        let body: JSONValue = .object(["tokens": .array([.string("a"), .string("b")]), "keep": .array([.string("c")])])
        let all = Self.masking( ["tokens.*"]).redact(body, for: anyCall)
        #expect(all.body == .object(["tokens": .array([]), "keep": .array([.string("c")])]))
        #expect(all.removed == ["/tokens/0", "/tokens/1"])
        let one = Self.masking( ["tokens.1"]).redact(body, for: anyCall)
        #expect(one.body == .object(["tokens": .array([.string("a")]), "keep": .array([.string("c")])]))
        #expect(one.removed == ["/tokens/1"])
    }

    @Test func missingLocationsAndScalarsAreLeftAlone() {
        let guards = Self.masking( ["phone", "customer.fax", "items.9.phone", "a.b.c"])
        let (body, removed) = guards.redact(.object(["a": .string("x"), "customer": .object(["name": .string("n")])]), for: anyCall)
        #expect(body == .object(["a": .string("x"), "customer": .object(["name": .string("n")])]))
        #expect(removed.isEmpty)
        #expect(guards.redact(.string("phone"), for: anyCall) == (.string("phone"), []))
        #expect(guards.redact(.null, for: anyCall) == (.null, []))
    }

    @Test func memberOrderIsKeptAndPointersAreEscaped() {
        let body: JSONValue = .object([
            "z": .integer(1), "a/b": .object(["m~n": .object(["secret": .integer(1)])]), "b": .integer(2),
            "secret": .integer(3),
        ])
        let (redacted, removed) = Self.masking( ["secret"]).redact(body, for: anyCall)
        #expect(removed == ["/a~1b/m~0n/secret", "/secret"])
        #expect(redacted.objectValue?.keys == ["z", "a/b", "b"])
    }

    @Test func severalPoliciesRedactInFileOrderWithoutDuplicates() {
        let guards = engine([
            policy("a", redact: ["phone"]),
            policy("elsewhere", match: OperationMatcher(operations: ["other"]), redact: ["name"]),
            policy("b", redact: ["customer.phone", "customer.name"]),
        ])
        let (body, removed) = guards.redact(nested, for: anyCall)
        #expect(removed == ["/phone", "/customer/phone", "/items/0/phone", "/items/0/contacts/0/phone",
                            "/items/3/phone", "/customer/name"])
        #expect(body["customer"] == .object([:]))
    }

    @Test func policyThatBothConstrainsAndRedacts() {
        let guards = engine([
            policy("customer-guard", match: OperationMatcher(tags: ["customers"]),
                   constraints: [ArgumentConstraint(argument: "customer_id", pattern: "^C[0-9]{5}$")],
                   redact: ["phone", "billing.iban"]),
        ])
        #expect(refusal(guards.check(getCustomer, arguments: ["customer_id": .string("../admin")]))?.policyID == "customer-guard")
        #expect(guards.check(getCustomer, arguments: ["customer_id": .string("C00002")]) == .allow)
        let response: JSONValue = .object(["id": .string("C00002"), "phone": .string("555"),
                                           "billing": .object(["iban": .string("DE00"), "currency": .string("EUR")])])
        let (body, removed) = guards.redact(response, for: getCustomer)
        #expect(body == .object(["id": .string("C00002"), "billing": .object(["currency": .string("EUR")])]))
        #expect(removed == ["/phone", "/billing/iban"])
        #expect(guards.redact(response, for: querySales).removed.isEmpty)
    }
}

@Suite struct ConcurrencyTests {
    @Test func oneEngineServesConcurrentCalls() async {
        let guards = acme
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let limit = index % 2 == 0 ? 500 : 50000
                    let decision = guards.check(updateCustomer, arguments: creditLimit(.integer(limit)))
                    let redacted = guards.redact(.object(["phone": .string("1")]), for: getCustomer)
                    let denied = refusal(decision)?.policyID == "credit-limit-cap"
                    return denied == (limit > 10000) && redacted.removed == ["/phone"]
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 })
    }
}
