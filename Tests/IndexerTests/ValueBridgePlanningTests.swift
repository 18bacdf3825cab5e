import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Indexer

/// A value the request identifies something by puts its lookup on the way to the answer (``ValueBridges``), on a
/// made-up shop API: a refund takes an optional purchase order, which a basket returns. "Refund the purchase paid
/// through basket bk_…" reads that basket for its purchase order; the basket's identifier, written right after the
/// word "basket", is the basket's although its prefix abbreviates nothing.
@Suite struct ValueBridgePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Parcelry, version: '1'}
        paths:
          /baskets:
            get:
              operationId: listBaskets
              summary: List baskets
              responses:
                '200':
                  description: Baskets, newest first.
                  content: {application/json: {schema: {type: object, properties: {baskets: {type: array, items: {$ref: '#/components/schemas/Basket'}}}}}}
          /baskets/{basket}:
            get:
              operationId: getBasket
              summary: Get a basket
              parameters: [{name: basket, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: The basket.
                  content: {application/json: {schema: {$ref: '#/components/schemas/Basket'}}}
          /purchase_orders:
            get:
              operationId: listPurchaseOrders
              summary: List purchase orders
              responses:
                '200':
                  description: Orders, newest first.
                  content: {application/json: {schema: {type: object, properties: {purchase_orders: {type: array, items: {$ref: '#/components/schemas/Order'}}}}}}
          /refunds:
            post:
              operationId: createRefund
              summary: Refund an order
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        purchase_order: {type: string, description: The id of the purchase order to refund.}
                        reason: {type: string}
              responses: {'201': {description: The return.}}
        components:
          schemas:
            Basket:
              type: object
              properties: {id: {type: string}, purchase_order: {type: string, description: The purchase order the basket was paid with.}, total: {type: integer}}
            Order:
              type: object
              properties: {id: {type: string}, total: {type: integer}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    @Test func aStatedIdentifierLeadsToTheInputItsThingReturns() throws {
        let best = try #require(
            try Self.planner().propose("Refund the purchase paid through basket bk_test_9f8e7d6c5b4a.").first)
        #expect(best.operations == ["getBasket", "createRefund"])
        let steps = try #require(best.template?.steps)
        #expect(steps.first?.arguments["basket"] == .string("bk_test_9f8e7d6c5b4a"))
        let purchaseOrder = steps.last?.arguments["body"]?["purchase_order"]?.stringValue ?? ""
        #expect(purchaseOrder.hasPrefix("$steps.s1.") && purchaseOrder.hasSuffix("/purchase_order"))
        #expect(!best.reasons.contains { $0.hasPrefix("leaves") })
    }

    @Test func anIdentifierBesideItsMentionIsThatThingsOwn() throws {
        let best = try #require(try Self.planner().propose("Show me basket bk_test_9f8e7d6c5b4a.").first)
        #expect(best.operations == ["getBasket"])
        #expect(best.reasons.contains("basket = bk_test_9f8e7d6c5b4a (an identifier beside its mention)"))
    }

    @Test func aRequestStatingNoValueLooksNothingUp() throws {
        let best = try #require(try Self.planner().propose("Refund the latest purchase.").first)
        #expect(best.operations == ["createRefund"])
    }
}
