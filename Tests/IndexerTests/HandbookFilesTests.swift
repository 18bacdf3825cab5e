import Foundation
import HandbookModel
import Testing
@testable import Indexer

@Suite struct HandbookFilesTests {
    private static let spec = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /customers/{id}:
            patch:
              operationId: updateCustomer
              tags: [customers]
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              requestBody:
                content: {application/json: {schema: {type: object, properties: {credit_limit: {type: number}}}}}
              responses: {'200': {description: ok}}
        """

    @Test func guardrailsAndTestsCompileToNormalizedForms() throws {
        let guardrails = """
            read_only: false
            policies:
              - id: cap
                match: { operations: [updateCustomer] }
                constraints:
                  - { argument: body.credit_limit, minimum: 0, maximum: 10000 }
              - id: mask
                match: { tags: [customers], methods: [patch] }
                redact: [phone]
            """
        let tests = """
            suite: customers
            tests:
              - name: over limit
                request: raise the limit to 50000
                expect: { operations: [updateCustomer] }
                steps:
                  - id: update
                    operation: updateCustomer
                    arguments: { id: C1, body: { credit_limit: 50000 } }
                    expect: { denied_by: cap, assert: [{ path: "$.id", equals: C1 }] }
            """
        let root = try TestFixtures.handbook(spec: Self.spec, extra: ["guardrails/p.yaml": guardrails, "tests/t.yaml": tests])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics)")
        let compiled = try #require(handbook)
        #expect(compiled.guardrails.policies.map(\.id) == ["cap", "mask"])
        #expect(compiled.guardrails.policies[0].constraints.first?.maximum == 10000)
        #expect(compiled.guardrails.policies[1].match.methods == ["PATCH"])
        let test = try #require(compiled.tests.first)
        #expect(test.id == "customers/over limit")
        #expect(test.expectedOperations == ["updateCustomer"])
        #expect(test.steps.first?.expectation.deniedBy == "cap")
        #expect(test.steps.first?.arguments["body"]?["credit_limit"] == .int(50000))
        #expect(test.steps.first?.expectation.assertions.first?.comparison == .equals)
    }

    @Test func unknownNamesInGuardrailsAndTestsAreErrors() throws {
        let guardrails = "policies:\n  - id: cap\n    match: { operations: [updateCustomr] }\n    effect: deny\n"
        let tests = """
            tests:
              - name: t
                steps:
                  - operation: updateCustomer
                    arguments: { id: "$steps.find.response.body#/id" }
                    expect: { denied_by: nope }
            """
        let root = try TestFixtures.handbook(spec: Self.spec, extra: ["guardrails/p.yaml": guardrails, "tests/t.yaml": tests])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let rules = diagnostics.errors.map(\.ruleID)
        #expect(rules.contains("reference.unknown-operation"))
        #expect(rules.contains("reference.unknown-policy"))
        #expect(rules.contains("tests.unknown-step"))
        let misspelled = try #require(diagnostics.errors.first { $0.ruleID == "reference.unknown-operation" })
        #expect(misspelled.location?.line == 3)
        #expect(misspelled.hint == "did you mean 'updateCustomer'?")
    }

    @Test func initScaffoldsBuildWithoutEdits() throws {
        let sample = try TestFixtures.temporaryDirectory().appendingPathComponent("sample")
        _ = try HandbookScaffolder().scaffold(directory: sample.path, name: nil, specPath: nil)
        let (first, firstDiagnostics) = TestFixtures.compile(.handbook(directory: sample.path))
        #expect(first != nil, "\(firstDiagnostics)")
        #expect(first?.tests.count == 1 && first?.docSections.isEmpty == false)

        let petstore = TestFixtures.sharedData.appendingPathComponent("specs/small/v2.0_petstore.json").path
        let fromSpec = try TestFixtures.temporaryDirectory().appendingPathComponent("petstore")
        _ = try HandbookScaffolder().scaffold(directory: fromSpec.path, name: nil, specPath: petstore)
        let (second, secondDiagnostics) = TestFixtures.compile(.handbook(directory: fromSpec.path))
        #expect(second != nil, "\(secondDiagnostics)")
        #expect(second?.operations.count == 3)
        #expect(throws: HandbookScaffolder.Failure.self) {
            try HandbookScaffolder().scaffold(directory: fromSpec.path, name: nil, specPath: nil)
        }
    }
}
