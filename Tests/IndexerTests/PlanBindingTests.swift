import Foundation
import HandbookModel
import Testing
@testable import Indexer

/// A small API for binding checks: customers (an `allOf` schema with a string id and an integer age) and orders.
enum BindingFixtures {
    static let spec = """
        openapi: 3.1.0
        info: {title: t, version: '1'}
        paths:
          /customers:
            get:
              operationId: listCustomers
              parameters: [{name: q, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: '#/components/schemas/CustomerPage'}}}
          /customers/{customer_id}:
            parameters: [{name: customer_id, in: path, required: true, schema: {type: string}}]
            get:
              operationId: getCustomer
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
                '404': {description: missing}
            patch:
              operationId: updateCustomer
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties: {credit_limit: {type: number, maximum: 10000}, note: {type: string}}
              responses:
                '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
          /orders:
            get:
              operationId: listOrders
              parameters: [{name: limit, in: query, schema: {type: integer}}]
              responses: {'200': {description: ok}}
        components:
          schemas:
            CustomerPage:
              type: object
              properties:
                items: {type: array, items: {$ref: '#/components/schemas/Customer'}}
                meta: {type: object}
            Customer:
              allOf:
                - {$ref: '#/components/schemas/Named'}
                - type: object
                  properties: {id: {type: string}, age: {type: integer}, rating: {oneOf: [{type: string}, {type: integer}]}}
            Named:
              type: object
              properties: {name: {type: string}}
        """
}

@Suite struct PlanBindingTests {
    @Test func workflowBindingsAreTypeCheckedAtTheirSourceLines() throws {
        let workflow = """
            arazzo: 1.0.1
            info: {title: w, version: '1'}
            sourceDescriptions: [{name: api, url: ../openapi.yaml, type: openapi}]
            workflows:
              - workflowId: checks
                inputs:
                  type: object
                  properties: {name: {type: string}, limit: {type: integer}}
                steps:
                  - stepId: find
                    operationId: listCustomers
                    parameters: [{name: q, in: query, value: $inputs.name}]
                  - stepId: show
                    operationId: getCustomer
                    parameters:
                      - name: customer_id
                        in: path
                        value: $steps.find.response.body#/items/0/age
                  - stepId: orders
                    operationId: listOrders
                    parameters:
                      - name: limit
                        in: query
                        value: $steps.find.response.body#/items/0/name
                  - stepId: typo
                    operationId: getCustomer
                    parameters:
                      - name: customer_id
                        in: path
                        value: $steps.find.response.body#/items/0/nmae
                  - stepId: ahead
                    operationId: getCustomer
                    parameters:
                      - name: customer_id
                        in: path
                        value: $steps.later.response.body#/id
                  - stepId: update
                    operationId: updateCustomer
                    parameters:
                      - name: customer_id
                        in: path
                        value: $inputs.nmae
                    requestBody:
                      payload:
                        credit_limit: 50000
                        note: $steps.find.response.body#/items/0/rating
                  - stepId: fine
                    operationId: listOrders
                    parameters:
                      - name: limit
                        in: query
                        value: $steps.show.response.body#/age
                  - stepId: later
                    operationId: listOrders
                    parameters:
                      - name: limit
                        in: query
                        value: $steps.find.response.body#/meta/anything
            """
        let root = try TestFixtures.handbook(spec: BindingFixtures.spec, extra: ["workflows/checks.arazzo.yaml": workflow])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let errors = diagnostics.errors
        let summary = errors.map { "\($0.location?.line ?? 0) \($0.ruleID)" }
        #expect(summary == [
            "18 plans.binding-type", "24 plans.binding-type", "30 plans.unknown-pointer", "36 plans.unknown-step",
            "42 plans.unknown-input", "45 plans.invalid-constant",
        ])
        #expect(errors.allSatisfy { $0.location?.file.hasSuffix("workflows/checks.arazzo.yaml") == true })
        #expect(errors[0].message == "workflow `checks` step `show` binds `$steps.find.response.body#/items/0/age` "
            + "(integer) to parameter `customer_id` (string)")
        #expect(errors[1].message == "workflow `checks` step `orders` binds `$steps.find.response.body#/items/0/name` "
            + "(string) to parameter `limit` (integer)")
        #expect(errors[2].message.contains("has no `nmae` there"))
        #expect(errors[3].message.contains("no earlier step is called `later`"))
        #expect(errors[4].hint == "did you mean 'name'?")
        #expect(errors[5].message == "workflow `checks` step `update` passes 50000 to body field `credit_limit`: "
            + "must be ≤ 10000 (got 50000)")
    }

    @Test func testStepsAreCheckedUnlessTheyExpectAFailure() throws {
        let tests = """
            tests:
              - name: chained
                steps:
                  - id: find
                    operation: listCustomers
                    arguments: { q: globex }
                  - id: orders
                    operation: listOrders
                    arguments:
                      limit: "$steps.find.response.body#/items/0/id"
              - name: a wrong limit is refused
                steps:
                  - id: find
                    operation: listCustomers
                  - operation: listOrders
                    arguments: { limit: many }
                    expect: { status: 400 }
            """
        let root = try TestFixtures.handbook(spec: BindingFixtures.spec, extra: ["tests/orders.yaml": tests])
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(handbook == nil)
        let error = try #require(diagnostics.errors.first)
        #expect(diagnostics.errors.count == 1)
        #expect(error.ruleID == "plans.binding-type")
        #expect(error.location?.file.hasSuffix("tests/orders.yaml") == true && error.location?.line == 10)
        #expect(error.message == "test `orders/chained` step `orders` binds `$steps.find.response.body#/items/0/id` "
            + "(string) to parameter `limit` (integer)")
    }

    @Test func derivedChainsThatWouldNotTypeCheckAreLeftOut() throws {
        // Items carry an integer id, but the path parameter is a string: the chain could never run.
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /pets:
                get:
                  operationId: listPets
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}
              /pets/{pet_id}:
                get:
                  operationId: showPet
                  parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
              /pets/{pet_id}/toys:
                get:
                  operationId: listToys
                  parameters: [{name: pet_id, in: path, required: true, schema: {type: number}}]
                  responses: {'200': {description: ok}}
            """
        let root = try TestFixtures.handbook(spec: spec)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty)
        let ids = try #require(handbook?.planTemplates.map(\.id))
        #expect(ids == ["chain:listPets>listToys"])
    }

    @Test func pointersWalkReferencesArraysAndBranches() {
        let components: [String: JSONValue] = [
            "Page": .object(["type": .string("object"), "properties": .object([
                "items": .object(["type": .string("array"), "items": .object(["$ref": .string("#/components/schemas/Item")])]),
            ])]),
            "Item": .object(["allOf": .array([
                .object(["type": .string("object"), "properties": .object(["id": .object(["type": .string("integer")])])]),
                .object(["oneOf": .array([
                    .object(["properties": .object(["kind": .object(["type": .string("string")])])]),
                    .object(["properties": .object(["size": .object(["type": .string("number")])])]),
                ])]),
            ])]),
        ]
        let schema = BindingSchema(components: components)
        let page = JSONValue.object(["$ref": .string("#/components/schemas/Page")])
        guard case .schemas(let id) = schema.walk(page, pointer: "/items/3/id") else { Issue.record("no id"); return }
        // Both oneOf branches of the item carry the allOf member's id.
        #expect(id.count == 2 && Set(id.compactMap(schema.types)) == [["integer"]])
        guard case .schemas(let size) = schema.walk(page, pointer: "/items/0/size") else { Issue.record("no size"); return }
        #expect(size.compactMap(schema.types) == [["number"]])
        guard case .missing(let token) = schema.walk(page, pointer: "/items/0/colour") else {
            Issue.record("colour should be missing"); return
        }
        #expect(token == "colour")
        guard case .unknown = schema.walk(.object(["type": .string("object")]), pointer: "/anything") else {
            Issue.record("an object without properties is open"); return
        }
        #expect(BindingSchema.fits(["integer"], in: ["number"]))
        #expect(BindingSchema.fits(["string", "null"], in: ["string"]))
        #expect(!BindingSchema.fits(["integer"], in: ["string"]))
    }
}
