import Foundation
import HandbookModel
import Testing
@testable import Indexer

@Suite struct ArazzoImportTests {
    @Test func oaiPetCouponWorkflowsInlineTheWorkflowsTheyCall() throws {
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
        // The example names two parameters differently from the spec (`pet_tags` for `tags`, `pet_id` for `petId`).
        let (broken, brokenDiagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(broken == nil)
        let unknown = brokenDiagnostics.errors.filter { $0.ruleID == "plans.unknown-argument" }
        #expect(unknown.map { $0.location?.line } == [28, 42])
        #expect(unknown.first?.message == "workflow `apply-coupon` step `find-pet` passes `pet_tags`, which operation "
            + "`findPetsByTags` does not take")
        #expect(unknown.last?.hint == "did you mean 'petId'?")
        let workflowURL = root.appendingPathComponent("workflows/pet-coupons.arazzo.yaml")
        let fixed = try String(contentsOf: workflowURL, encoding: .utf8)
            .replacingOccurrences(of: "- name: pet_tags", with: "- name: tags")
            .replacingOccurrences(of: "- name: pet_id\n            in: path", with: "- name: petId\n            in: path")
        try Data(fixed.utf8).write(to: workflowURL)

        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors)")
        #expect(!diagnostics.contains { $0.ruleID == "workflows.unsupported" })
        let templates = try #require(handbook?.planTemplates.filter { $0.origin == .arazzo })
        #expect(templates.map(\.id) == ["arazzo:apply-coupon", "arazzo:buy-available-pet", "arazzo:place-order"])
        let placeOrder = try #require(templates.last?.steps.first)
        #expect(placeOrder.operation == "placeOrder")
        #expect(placeOrder.arguments["body"]?["petId"] == .string("$inputs.pet_id"))
        #expect(placeOrder.successCriteria == ["$statusCode == 200"])

        // apply-coupon calls place-order: its step is inlined, its inputs bound from the calling step's parameters.
        let applyCoupon = try #require(templates.first)
        #expect(applyCoupon.steps.map(\.id) == ["find-pet", "find-coupons", "place-order/place-order"])
        #expect(applyCoupon.operations == ["findPetsByTags", "getPetCoupons", "placeOrder"])
        #expect(applyCoupon.steps[1].arguments["petId"] == .string("$steps.find-pet.response.body#/0/id"))
        let inlined = applyCoupon.steps[2]
        #expect(inlined.arguments["body"] == .object([
            "petId": .string("$steps.find-pet.response.body#/0/id"),
            "couponCode": .string("$steps.find-coupons.response.body#/couponCode"),
            "status": .string("placed"), "complete": .bool(false),
        ]))
        #expect(inlined.successCriteria == ["$statusCode == 200"])
        #expect(applyCoupon.inputs["properties"]?["my_pet_tags"] != nil)
        // buy-available-pet binds no coupon: the unbound input is left out.
        let buy = try #require(templates.first { $0.id == "arazzo:buy-available-pet" })
        #expect(buy.steps.map(\.id) == ["find-pet", "place-order/place-order"])
        #expect(buy.steps[1].arguments["body"]?["couponCode"] == nil)
        #expect(buy.steps[1].arguments["body"]?["petId"] == .string("$steps.find-pet.response.body#/0/id"))
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
