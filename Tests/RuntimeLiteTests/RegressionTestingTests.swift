import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HandbookModel
import Testing
@testable import RuntimeLite

@Suite struct JSONPathTests {
    let document = try! JSONValue.parse(#"{"items":[{"id":"C1","n":2},{"id":"C2","n":5}],"total":2,"a b":{"c":true}}"#)

    @Test func selectsMembersIndexesAndWildcards() throws {
        #expect(try JSONPath("$.items[0].id").select(document) == [.string("C1")])
        #expect(try JSONPath("$.items[-1].n").select(document) == [.int(5)])
        #expect(try JSONPath("$.items[*].id").select(document) == [.string("C1"), .string("C2")])
        #expect(try JSONPath("$['a b'].c").select(document) == [.bool(true)])
        #expect(try JSONPath("$").select(document) == [document])
        #expect(try JSONPath("$.missing.deeper").select(document).isEmpty)
    }

    @Test func rejectsMalformedPaths() {
        for text in ["items", "$.", "$[", "$[x]", "$..a"] {
            #expect(throws: JSONPath.SyntaxError.self, "\(text)") { try JSONPath(text) }
        }
    }
}

@Suite struct AssertionEvaluatorTests {
    let body = try! JSONValue.parse(#"{"items":[{"id":"C00002","limit":3000.0}],"name":"Globex Corporation","total":1}"#)

    func check(_ path: String, _ comparison: ResponseAssertion.Operator, _ expected: JSONValue) -> String? {
        AssertionEvaluator.failure(of: ResponseAssertion(path: path, comparison: comparison, expected: expected), body: body)
    }

    @Test func passingAssertions() {
        #expect(check("$.items[0].limit", .equals, .int(3000)) == nil)
        #expect(check("$.name", .contains, .string("Globex")) == nil)
        #expect(check("$.name", .matches, .string("^Glo.*ion$")) == nil)
        #expect(check("$.items", .length, .int(1)) == nil)
        #expect(check("$.items[*].id", .contains, .string("C00002")) == nil)
        #expect(check("$.total", .type, .string("integer")) == nil)
        #expect(check("$.total", .type, .string("number")) == nil)
        #expect(check("$.items[0].limit", .greaterThanOrEqual, .int(3000)) == nil)
        #expect(check("$.nothing", .exists, .bool(false)) == nil)
        #expect(check("$.name", .notEquals, .string("Initech")) == nil)
    }

    @Test func failuresSayWhatWasExpectedAndSeen() {
        #expect(check("$.items[0].id", .equals, .string("C00003")) == #"$.items[0].id should equal "C00003", got "C00002""#)
        #expect(check("$.items", .length, .int(2)) == "$.items should have length 2, got 1")
        #expect(check("$.total", .lessThan, .int(1))?.contains("should be < 1") == true)
        #expect(check("$.missing", .equals, .int(1)) == "$.missing should equal 1, got nothing")
        #expect(check("$.name", .type, .string("number")) != nil)
        #expect(check("$.name", .greaterThan, .int(1)) != nil)
    }
}

@Suite struct RuntimeExpressionTests {
    @Test func resolvesStepValuesRecursively() throws {
        let steps = ["find": RuntimeExpression.StepRecord(
            status: 200, body: try JSONValue.parse(#"{"items":[{"id":"C00002","a/b":1}]}"#))]
        let arguments: JSONValue = .object([
            "customer_id": .string("$steps.find.response.body#/items/0/id"),
            "body": .object(["escaped": .string("$steps.find.response.body#/items/0/a~1b"),
                             "status": .string("$steps.find.response.status")]),
            "plain": .string("$not-an-expression"),
        ])
        let resolved = try #require(try RuntimeExpression.resolve(arguments, steps: steps))
        #expect(resolved["customer_id"] == .string("C00002"))
        #expect(resolved["body"]?["escaped"] == .int(1))
        #expect(resolved["body"]?["status"] == .int(200))
        #expect(resolved["plain"] == .string("$not-an-expression"))
        let withInputs = try RuntimeExpression.resolve(
            .object(["name": .string("$inputs.name"), "limit": .string("$inputs.limit")]), steps: [:],
            inputs: ["name": .string("Globex")])
        #expect(withInputs == .object(["name": .string("Globex")]))
        #expect(throws: RuntimeExpression.Failure.self) {
            try RuntimeExpression.resolve(.string("$steps.find.response.body#/items/5/id"), steps: steps)
        }
        #expect(throws: RuntimeExpression.Failure.self) {
            try RuntimeExpression.resolve(.string("$steps.other.response.body"), steps: steps)
        }
    }
}

@Suite struct ItemChoiceExpressionTests {
    private static let steps = ["list": RuntimeExpression.StepRecord(
        status: 200,
        body: try? JSONValue.parse(#"""
            {"items":[{"code":"AX","name":"Åland Islands"},{"code":"PG","name":"Papua New Guinea"},
            {"code":"GN","name":"Guinea"},{"code":"GQ","name":"Equatorial Guinea"}]}
            """#))]

    private static func code(for name: String) throws -> JSONValue? {
        try RuntimeExpression.resolve(
            .string("$steps.list.response.body#/items/[name=$inputs.country_name]/code"), steps: steps,
            inputs: ["country_name": .string(name)])
    }

    @Test func chooseTheItemWhoseFieldIsTheInput() throws {
        // The exact name first (Guinea is not the first item whose name contains "Guinea"), then case and accents.
        #expect(try Self.code(for: "Guinea") == .string("GN"))
        #expect(try Self.code(for: "papua new guinea") == .string("PG"))
        #expect(try Self.code(for: "Aland Islands") == .string("AX"))
        // Else the first whose name contains it.
        #expect(try Self.code(for: "Equatorial") == .string("GQ"))
    }

    @Test func aNameNoItemHasOrNoInputIsAnErrorNotAnotherItem() throws {
        #expect(throws: RuntimeExpression.Failure.self) { try Self.code(for: "Greenland") }
        #expect(throws: RuntimeExpression.Failure.self) {
            try RuntimeExpression.resolve(
                .string("$steps.list.response.body#/items/[name=$inputs.country_name]/code"), steps: Self.steps)
        }
        let failure = try? #require(throws: RuntimeExpression.Failure.self) { try Self.code(for: "Greenland") }
        #expect(failure?.description.contains("no item") == true, "\(String(describing: failure))")
    }
}

@Suite struct JUnitReportTests {
    @Test func countsMatchAndTextIsEscaped() throws {
        let passing = TestOutcome(
            test: RegressionTest(suite: "s1", name: "ok", request: nil, expectedOperations: nil, steps: [], source: nil),
            failures: [], log: [], seconds: 0.5)
        let failing = TestOutcome(
            test: RegressionTest(suite: "s2", name: "bad <one>", request: nil, expectedOperations: nil, steps: [], source: nil),
            failures: ["expected \"a\" & got 'b'\u{1}"], log: ["step"], seconds: 0.25)
        let xml = JUnitReport.xml([passing, failing], name: "demo")
        let document = try XMLDocument(xmlString: xml)
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "tests")?.stringValue == "2")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(try document.nodes(forXPath: "//testsuite").count == 2)
        #expect(try document.nodes(forXPath: "//testcase").count == 2)
        let failure = try #require(try document.nodes(forXPath: "//failure").first as? XMLElement)
        #expect(failure.attribute(forName: "message")?.stringValue == "expected \"a\" & got 'b'")
    }
}

@Suite struct PlanExecutorTests {
    @Test func successCriteriaCheckStatusAndPresence() throws {
        let body = try JSONValue.parse(#"{"items":[{"id":"C1"}]}"#)
        #expect(PlanExecutor.holds("$statusCode == 200", status: 200, body: body))
        #expect(!PlanExecutor.holds("$statusCode == 200", status: 404, body: body))
        #expect(PlanExecutor.holds("$response.body#/items/0 exists", status: 200, body: body))
        #expect(!PlanExecutor.holds("$response.body#/items/1 exists", status: 200, body: body))
        #expect(!PlanExecutor.holds("$response.body#/items/0 exists", status: 200, body: .object(["items": .array([])])))
    }

    @Test func composedPlansNeedSteps() throws {
        #expect(throws: PlanExecutor.Invalid.self) { try PlanExecutor.composedPlan(.object([:])) }
        #expect(throws: PlanExecutor.Invalid.self) {
            try PlanExecutor.composedPlan(.object(["steps": .array([.object(["arguments": .object([:])])])]))
        }
        let plan = try PlanExecutor.composedPlan(.object(["steps": .array([.object(["operation": .string("getHealth")])])]))
        #expect(plan.operations == ["getHealth"] && plan.steps[0].id == "step1" && plan.origin == .composed)
    }
}
