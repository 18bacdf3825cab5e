import Foundation
import HandbookModel
import Testing
@testable import Indexer

@Suite struct ArazzoImportTests {
    @Test func oaiPetCouponWorkflowsImportOrWarn() throws {
        let examples = TestFixtures.sharedData.appendingPathComponent("arazzo/oai-examples")
        let root = try TestFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("workflows"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: examples.appendingPathComponent("pet-coupons.openapi.yaml"),
                                         to: root.appendingPathComponent("pet-coupons.openapi.yaml"))
        try FileManager.default.copyItem(at: examples.appendingPathComponent("pet-coupons.arazzo.yaml"),
                                         to: root.appendingPathComponent("workflows/pet-coupons.arazzo.yaml"))
        try TestFixtures.write(["handbook.yaml": """
            handbook: pets
            version: 1.0.0
            apis:
              - id: pets
                spec: pet-coupons.openapi.yaml
            """], in: root)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        let templates = try #require(handbook?.planTemplates.filter { $0.origin == .arazzo })
        #expect(templates.map(\.id) == ["arazzo:place-order"])
        let step = try #require(templates.first?.steps.first)
        #expect(step.operation == "placeOrder")
        #expect(step.arguments["body"]?["petId"] == .string("$inputs.pet_id"))
        #expect(step.successCriteria == ["$statusCode == 200"])
        #expect(templates.first?.inputs["properties"]?["coupon_code"] != nil)
        let skipped = diagnostics.filter { $0.ruleID == "workflows.unsupported" }
        #expect(skipped.count == 2)
        #expect(handbook?.sources.contains { $0.kind == .workflows } == true)
    }

    @Test func stepOutputsBecomeResponseExpressionsAndUnknownOperationsAreErrors() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /pets:
                get: {operationId: findPets, responses: {'200': {description: ok}}}
              /pets/{id}:
                get:
                  operationId: getPet
                  parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
                  responses: {'200': {description: ok}}
            """
        let workflow = """
            arazzo: 1.0.1
            info: {title: w, version: '1'}
            sourceDescriptions: [{name: pets, url: ../openapi.yaml, type: openapi}]
            workflows:
              - workflowId: first-pet
                summary: Show the first pet
                steps:
                  - stepId: find
                    operationId: $sourceDescriptions.pets.findPets
                    outputs: {firstId: $response.body#/0/id}
                  - stepId: show
                    operationPath: '{$sourceDescriptions.pets.url}#/paths/~1pets~1{id}/get'
                    parameters: [{name: id, in: path, value: $steps.find.outputs.firstId}]
              - workflowId: broken
                steps:
                  - stepId: nope
                    operationId: adoptPet
            """
        let root = try TestFixtures.handbook(spec: spec, extra: ["workflows/pets.arazzo.yaml": workflow])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let unknown = try #require(diagnostics.errors.first { $0.ruleID == "reference.unknown-operation" })
        #expect(unknown.message.contains("adoptPet") && unknown.location?.line == 17)
        try TestFixtures.write(["workflows/pets.arazzo.yaml": workflow.replacingOccurrences(
            of: "  - workflowId: broken\n    steps:\n      - stepId: nope\n        operationId: adoptPet",
            with: "")], in: root)
        let (fixed, _) = TestFixtures.compile(.handbook(directory: root.path))
        let template = try #require(fixed?.planTemplates.first { $0.id == "arazzo:first-pet" })
        #expect(template.operations == ["findPets", "getPet"])
        #expect(template.steps[1].arguments["id"] == .string("$steps.find.response.body#/0/id"))
    }
}
