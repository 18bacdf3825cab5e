import Foundation
import HandbookModel
import Retrieval
import Testing

/// Identifiers inside the items of a request body's list (`items[].price` of a new subscription), and names the
/// request gives a thing of another kind ("the 'Gold Tier' product" is no price), on a small billing fixture API.
@Suite struct ListItemInputsTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Billing, version: '1'}
        paths:
          /customers/search:
            get:
              operationId: searchCustomers
              summary: Search customers
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses:
                '200': {description: Found., content: {application/json: {schema: {$ref: '#/components/schemas/CustomerList'}}}}
          /products/search:
            get:
              operationId: searchProducts
              summary: Search products
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses:
                '200': {description: Found., content: {application/json: {schema: {$ref: '#/components/schemas/ProductList'}}}}
          /prices:
            get:
              operationId: listPrices
              summary: List prices
              parameters: [{name: product, in: query, schema: {type: string}}]
              responses:
                '200': {description: Prices., content: {application/json: {schema: {$ref: '#/components/schemas/PriceList'}}}}
          /prices/search:
            get:
              operationId: searchPrices
              summary: Search prices
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses:
                '200': {description: Found., content: {application/json: {schema: {$ref: '#/components/schemas/PriceList'}}}}
          /subscriptions:
            post:
              operationId: createSubscription
              summary: Create a subscription
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [customer]
                      properties:
                        customer: {type: string}
                        items: {type: array, items: {type: object, properties: {price: {type: string}, quantity: {type: integer}}}}
                        add_invoice_items: {type: array, items: {type: object, properties: {price: {type: string}}}}
              responses:
                '200': {description: Created., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
          /payment_links:
            post:
              operationId: createPaymentLink
              summary: Create a payment link
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [line_items]
                      properties:
                        line_items:
                          type: array
                          items: {type: object, required: [price, quantity], properties: {price: {type: string}, quantity: {type: integer}}}
              responses:
                '200': {description: Created., content: {application/json: {schema: {type: object, properties: {id: {type: string}, url: {type: string}}}}}}
        components:
          schemas:
            Customer: {type: object, properties: {id: {type: string}, name: {type: string}}}
            Product: {type: object, properties: {id: {type: string}, name: {type: string}}}
            Price: {type: object, properties: {id: {type: string}, product: {type: string}, unit_amount: {type: integer}}}
            CustomerList: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Customer'}}}}
            ProductList: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Product'}}}}
            PriceList: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Price'}}}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    /// The body of the `index`th step of `proposal`.
    private func stepBody(_ proposal: PlanProposal, step index: Int) -> JSONValue? {
        proposal.template?.steps[index].arguments["body"]
    }

    /// "Subscribe" makes subscriptions: the call is the one that creates one, the stated price goes into the first
    /// item of `items` (not also into the optional `add_invoice_items`) and the customer is found by her name.
    @Test func aStatedPriceFillsTheFirstItemOfOneList() throws {
        let best = try #require(
            try Self.planner().propose("Subscribe Ada Lovelace to the monthly price price_9Zq4TbVw2Kx7Gold01.").first)
        #expect(best.operations == ["searchCustomers", "createSubscription"])
        let body = try #require(stepBody(best, step: 1))
        #expect(body["items"] == .array([.object(["price": .string("price_9Zq4TbVw2Kx7Gold01")])]))
        #expect(body["add_invoice_items"] == nil)
        #expect(body["customer"] == .string("$steps.s1.response.body#/data/0/id"))
        #expect(best.template?.steps[0].arguments["query"] == .string("Ada Lovelace"))
    }

    /// A list of objects is no list of identifiers: a lookup feeds the price of its first item, found through the
    /// product the request names by a quoted name (a search of products, not of prices, takes that name).
    @Test func aNameOfAnotherKindFindsThatKindFirst() throws {
        let best = try #require(
            try Self.planner().propose("Create a payment link for the monthly price of our 'Gold Tier' product.").first)
        #expect(best.operations == ["searchProducts", "listPrices", "createPaymentLink"])
        #expect(best.template?.steps[0].arguments["query"] == .string("Gold Tier"))
        #expect(
            stepBody(best, step: 2)?["line_items"]
                == .array([.object(["price": .string("$steps.s2.response.body#/data/0/id")])]))
    }
}
