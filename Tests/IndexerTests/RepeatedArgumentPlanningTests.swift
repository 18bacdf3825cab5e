import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// Two lookups of one plan may take the request's values under the same argument name (`email` of customers and of
/// vendors): each takes the value beside a mention of what it lists, and both values count as placed.
@Suite struct RepeatedArgumentPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Ledger, version: '1'}
        paths:
          /customers:
            get:
              operationId: listCustomers
              summary: List customers
              parameters: [{name: email, in: query, schema: {type: string}}]
              responses:
                '200': {description: Customers., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/party'}}}}}
          /vendors:
            get:
              operationId: listVendors
              summary: List vendors
              parameters: [{name: email, in: query, schema: {type: string}}]
              responses:
                '200': {description: Vendors., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/party'}}}}}
          /transfers:
            post:
              operationId: createTransfer
              summary: Create a transfer
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, required: [customer, vendor], properties: {customer: {type: string}, vendor: {type: string}, amount: {type: integer}}}
              responses: {'201': {description: Created.}}
        components:
          schemas:
            party: {type: object, properties: {id: {type: string}, email: {type: string}}}
        """

    @Test func valuesUnderOneArgumentNameInTwoStepsAreAllPlaced() throws {
        let best = try #require(try TestFixtures.planner(spec: Self.spec).propose(
            "Create a transfer from the customer with email ann@example.com to the vendor with email bob@example.com").first)
        #expect(Set(best.operations) == ["listCustomers", "listVendors", "createTransfer"], "\(best.reasons)")
        #expect(!best.reasons.contains { $0.contains("unused") }, "\(best.reasons)")
        let steps = try #require(best.template?.steps)
        let emails = Dictionary(uniqueKeysWithValues: steps.map { ($0.operation, $0.arguments["email"]?.stringValue) })
        #expect(emails["listCustomers"] == "ann@example.com" && emails["listVendors"] == "bob@example.com", "\(emails)")
    }
}
