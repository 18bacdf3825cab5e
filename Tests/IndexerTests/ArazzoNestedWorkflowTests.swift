import Foundation
import HandbookModel
import Testing
@testable import Indexer

@Suite struct ArazzoNestedWorkflowTests {
    /// A workflow of another Arazzo document: updates a customer's credit limit and outputs the customer's id.
    static let shared = """
        arazzo: 1.0.1
        info: {title: shared, version: '1'}
        sourceDescriptions: [{name: api, url: ../openapi.yaml, type: openapi}]
        workflows:
          - workflowId: update-customer
            inputs:
              type: object
              properties:
                id: {type: string}
                limit: {type: number}
                note: {type: string, default: via workflow}
                tag: {type: string}
            steps:
              - stepId: patch
                operationId: updateCustomer
                parameters:
                  - {name: customer_id, in: path, value: $inputs.id}
                requestBody:
                  payload: {credit_limit: $inputs.limit, note: $inputs.note, tags: [$inputs.tag]}
                successCriteria: [{condition: $statusCode == 200}]
                outputs: {id: $response.body#/id}
            outputs:
              customerId: $steps.patch.outputs.id
        """

    static func main(binding id: String) -> String {
        """
        arazzo: 1.0.1
        info: {title: main, version: '1'}
        sourceDescriptions:
          - {name: api, url: ../openapi.yaml, type: openapi}
          - {name: shared, url: ./shared.arazzo.yaml, type: arazzo}
        workflows:
          - workflowId: raise-limit
            inputs:
              type: object
              properties: {name: {type: string}, limit: {type: number}}
            steps:
              - stepId: find
                operationId: listCustomers
                parameters: [{name: q, in: query, value: $inputs.name}]
                outputs: {firstId: $response.body#/items/0/id, firstAge: $response.body#/items/0/age}
              - stepId: update
                workflowId: $sourceDescriptions.shared.update-customer
                parameters:
                  - name: id
                    value: \(id)
                  - name: limit
                    value: $inputs.limit
                successCriteria: [{condition: $statusCode == 200}, {condition: $response.body#/id exists}]
                outputs: {updated: $outputs.customerId}
              - stepId: show
                operationId: getCustomer
                parameters: [{name: customer_id, in: path, value: $steps.update.outputs.updated}]
              - stepId: again
                workflowId: local
                parameters: [{name: who, value: $steps.update.outputs.customerId}]
          - workflowId: local
            inputs: {type: object, properties: {who: {type: string}}}
            steps:
              - stepId: get
                operationId: getCustomer
                parameters: [{name: customer_id, in: path, value: $inputs.who}]
        """
    }

    static func handbook(main: String, shared: String = shared) throws -> URL {
        try TestFixtures.handbook(spec: BindingFixtures.spec, extra: [
            "workflows/main.arazzo.yaml": main, "workflows/shared.arazzo.yaml": shared,
        ])
    }

    @Test func calledWorkflowsAreInlinedWithTheirInputsBoundAndOutputsRewritten() throws {
        let root = try Self.handbook(main: Self.main(binding: "$steps.find.outputs.firstId"))
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        #expect(!diagnostics.contains { $0.ruleID == "workflows.unsupported" })
        let templates = try #require(handbook?.planTemplates.filter { $0.origin == .arazzo })
        #expect(templates.map(\.id) == ["arazzo:raise-limit", "arazzo:local", "arazzo:update-customer"])
        let raise = templates[0]
        #expect(raise.steps.map(\.id) == ["find", "update/patch", "show", "again/get"])
        #expect(raise.operations == ["listCustomers", "updateCustomer", "getCustomer", "getCustomer"])
        let patch = raise.steps[1]
        #expect(patch.arguments == .object([
            "customer_id": .string("$steps.find.response.body#/items/0/id"),
            // `note` is unbound and takes its default; `tag` is unbound, so the array element is null.
            "body": .object(["credit_limit": .string("$inputs.limit"), "note": .string("via workflow"), "tags": .array([.null])]),
        ]))
        // The calling step's criteria join the inlined step's.
        #expect(patch.successCriteria == ["$statusCode == 200", "$response.body#/id exists"])
        // The calling step's output (`$outputs.customerId`) and the called workflow's own outputs both resolve.
        #expect(raise.steps[2].arguments["customer_id"] == .string("$steps.update/patch.response.body#/id"))
        #expect(raise.steps[3].arguments["customer_id"] == .string("$steps.update/patch.response.body#/id"))
        #expect(raise.inputs["properties"]?["limit"] != nil)
    }

    @Test func aBindingThatDoesNotFitTheCalledWorkflowIsReportedAtTheCall() throws {
        let root = try Self.handbook(main: Self.main(binding: "$steps.find.outputs.firstAge"))
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first)
        #expect(diagnostics.errors.count == 1)
        #expect(error.ruleID == "plans.binding-type")
        #expect(error.location?.file.hasSuffix("workflows/main.arazzo.yaml") == true && error.location?.line == 20)
        #expect(error.message == "workflow `raise-limit` step `update/patch` binds "
            + "`$steps.find.response.body#/items/0/age` (integer) to parameter `customer_id` (string)")
    }

    @Test func aMistakeInsideACalledWorkflowIsReportedOnceForThatWorkflow() throws {
        let shared = Self.shared.replacingOccurrences(of: "credit_limit: $inputs.limit", with: "credit_limit: 20000")
        let root = try Self.handbook(main: Self.main(binding: "$steps.find.outputs.firstId"), shared: shared)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first)
        #expect(diagnostics.errors.count == 1)
        #expect(error.ruleID == "plans.invalid-constant")
        #expect(error.location?.file.hasSuffix("workflows/shared.arazzo.yaml") == true && error.location?.line == 19)
        #expect(error.message == "workflow `update-customer` step `patch` passes 20000 to body field `credit_limit`: "
            + "must be ≤ 10000 (got 20000)")
    }

    @Test func cyclesAndUnknownWorkflowsAreErrors() throws {
        let cyclic = """
            arazzo: 1.0.1
            info: {title: cycle, version: '1'}
            sourceDescriptions:
              - {name: shared, url: ./shared.arazzo.yaml, type: arazzo}
            workflows:
              - workflowId: a
                steps:
                  - stepId: to-b
                    workflowId: b
              - workflowId: b
                steps:
                  - stepId: find
                    operationId: listCustomers
                  - stepId: back
                    workflowId: a
              - workflowId: self
                steps:
                  - stepId: me
                    workflowId: self
              - workflowId: lost
                steps:
                  - stepId: nowhere
                    workflowId: $sourceDescriptions.shared.update-custmer
            """
        let root = try Self.handbook(main: cyclic)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let errors = diagnostics.errors
        #expect(errors.map(\.ruleID) == ["workflows.cycle", "workflows.cycle", "workflows.unknown-workflow"])
        #expect(errors.map { $0.location?.line } == [15, 19, 23])
        #expect(errors[0].message == "step 'back' of workflow 'b' calls workflow 'a', which leads back to itself: a → b → a")
        #expect(errors[1].message.hasSuffix("self → self"))
        #expect(errors[2].hint == "did you mean 'update-customer'?")
    }

    @Test func relativeSourceDescriptionURLsResolveFromTheDocument() {
        #expect(ArazzoWorkflowFlattener.path("./shared.arazzo.yaml", relativeTo: "workflows/main.arazzo.yaml")
            == "workflows/shared.arazzo.yaml")
        #expect(ArazzoWorkflowFlattener.path("../other/x.arazzo.yaml", relativeTo: "workflows/main.arazzo.yaml")
            == "other/x.arazzo.yaml")
    }
}
