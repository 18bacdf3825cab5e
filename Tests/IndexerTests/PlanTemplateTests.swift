import Foundation
import HandbookModel
import Retrieval
import Testing
@testable import Indexer

@Suite struct PlanTemplateTests {
    @Test func acmeLookupChainsBindIdentifiersFromCollections() throws {
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: TestFixtures.acmeHandbook.path))
        #expect(diagnostics.errors.isEmpty)
        let templates = try #require(handbook?.planTemplates)
        let update = try #require(templates.first { $0.id == "chain:listCustomers>updateCustomer" })
        #expect(update.origin == .dependency)
        #expect(update.operations == ["listCustomers", "updateCustomer"])
        #expect(update.steps[1].arguments["customer_id"] == .string("$steps.find.response.body#/items/0/id"))
        #expect(update.steps[1].arguments["body"] == .string("$inputs.body"))
        let inputs = try #require(update.inputs["properties"]?.objectValue)
        #expect(inputs["name"] != nil && inputs["body"] != nil && inputs["customer_id"] == nil)
        let orders = try #require(templates.first { $0.id == "chain:listCustomers>listOrders" })
        #expect(orders.steps[1].arguments["customer_id"] == .string("$steps.find.response.body#/items/0/id"))
        // Orders carry a customer_id, but a list of orders is no way to find a customer.
        #expect(!templates.contains { $0.id.hasPrefix("chain:listOrders>getCustomer") })
        #expect(templates.contains { $0.id == "test:customers/raise a credit limit" && $0.origin == .test })
    }

    @Test func nestedCollectionsChainByPrefixAndIdentifierField() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /repos/{owner}/{repo}/pulls:
                get:
                  operationId: listPulls
                  parameters:
                    - {name: owner, in: path, required: true, schema: {type: string}}
                    - {name: repo, in: path, required: true, schema: {type: string}}
                    - {name: state, in: query, schema: {type: string}}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: '#/components/schemas/Pull'}}
              /repos/{owner}/{repo}/pulls/{pull_number}/merge:
                put:
                  operationId: mergePull
                  parameters:
                    - {name: owner, in: path, required: true, schema: {type: string}}
                    - {name: repo, in: path, required: true, schema: {type: string}}
                    - {name: pull_number, in: path, required: true, schema: {type: integer}}
                  responses: {'200': {description: ok}}
            components:
              schemas:
                Pull:
                  type: object
                  properties: {number: {type: integer}, title: {type: string}, user: {type: object}}
            """
        let root = try TestFixtures.handbook(spec: spec)
        let (handbook, _) = TestFixtures.compile(.handbook(directory: root.path))
        let chain = try #require(handbook?.planTemplates.first)
        #expect(chain.id == "chain:listPulls>mergePull")
        #expect(chain.steps[1].arguments["pull_number"] == .string("$steps.find.response.body#/0/number"))
        #expect(chain.steps[1].arguments["owner"] == .string("$inputs.owner"))
        #expect(chain.steps[0].arguments["owner"] == .string("$inputs.owner"))
        #expect(handbook?.search.documents.contains { $0.kind == .plan && $0.target == chain.id } == true)
    }

    @Test func oneWordParametersNamedAfterAResourceTakeItsIdentifierButNamesDoNot() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /customers:
                get:
                  operationId: listCustomers
                  parameters: [{name: email, in: query, schema: {type: string}}]
                  responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {
                    data: {type: array, items: {type: object, properties: {id: {type: string}, email: {type: string}}}}}}}}}}
              /invoices:
                get:
                  operationId: listInvoices
                  parameters:
                    - {name: customer, in: query, description: Only invoices of the customer with this ID., schema: {type: string}}
                    - {name: paid, in: query, schema: {type: boolean}}
                  responses: {'200': {description: ok}}
              /repos:
                get:
                  operationId: listRepos
                  responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {
                    type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}
              /stars:
                get:
                  operationId: listStars
                  parameters: [{name: repo, in: query, description: The name of the repository., schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """
        let root = try TestFixtures.handbook(spec: spec)
        let (handbook, diagnostics) = TestFixtures.compile(.handbook(directory: root.path))
        #expect(diagnostics.errors.isEmpty)
        let templates = try #require(handbook?.planTemplates)
        let invoices = try #require(templates.first { $0.id == "chain:listCustomers>listInvoices" })
        #expect(invoices.steps[1].arguments["customer"] == .string("$steps.find.response.body#/data/0/id"))
        // `repo` is a name ("the name of the repository"), not the id the repository list returns.
        #expect(!templates.contains { $0.id == "chain:listRepos>listStars" })
    }

    @Test func plannerChainsOnlyWhenTheRequestLacksTheIdentifier() throws {
        let (reader, _) = try SearchIndexTests.acmeBundle()
        let engine = try SearchEngine(reader: reader, encoder: QueryEncoder(loaded: TopicEmbedder()))
        let planner = Planner(engine: engine, reader: reader)
        let byName = try planner.propose("raise the credit limit of Globex Corporation to 5000")
        #expect(byName.first?.operations == ["listCustomers", "updateCustomer"])
        let byID = try planner.propose("set the credit limit of customer C00002 to 5000")
        #expect(byID.first?.operations == ["updateCustomer"])
        let lookup = try planner.propose("find the customer called Globex")
        #expect(lookup.first?.operations == ["listCustomers"])
        let health = try planner.propose("is the service healthy?")
        #expect(health.first?.operations == ["getHealth"])
    }
}

@Suite struct LinkChainTests {
    @Test func openAPILinksBecomeChainsWithStepExpressions() throws {
        let path = TestFixtures.sharedData.appendingPathComponent("specs/small/v3.0_link-example.yaml").path
        let (handbook, diagnostics) = TestFixtures.compile(.spec(path: path))
        #expect(diagnostics.errors.isEmpty)
        let templates = try #require(handbook?.planTemplates)
        let repository = try #require(templates.first { $0.id == "chain:getRepositoriesByOwner>getRepository" })
        #expect(repository.description.contains("link 'userRepository'"))
        // The link points into one repository, but the response is an array: the first item is used.
        #expect(repository.steps[1].arguments["username"] == .string("$steps.find.response.body#/0/owner/username"))
        #expect(repository.steps[1].arguments["slug"] == .string("$steps.find.response.body#/0/slug"))
        let user = try #require(templates.first { $0.id == "chain:getUserByName>getRepositoriesByOwner" })
        #expect(user.steps[1].arguments["username"] == .string("$steps.find.response.body#/username"))
        #expect(user.inputs["required"] == .array([.string("username")]))
        let operation = try #require(handbook?.operations.first { $0.id == "getUserByName" })
        #expect(operation.responses.first?.links.map(\.operationID) == ["getRepositoriesByOwner"])
    }

    @Test func linkExpressionsMapToPlanExpressions() {
        #expect(PlanTemplateBuilder.stepExpression(.string("$request.path.id"), responseIsArray: false) == .string("$inputs.id"))
        #expect(PlanTemplateBuilder.stepExpression(.string("$response.body#/0/id"), responseIsArray: true)
            == .string("$steps.find.response.body#/0/id"))
        #expect(PlanTemplateBuilder.stepExpression(.int(3), responseIsArray: true) == .int(3))
    }
}
