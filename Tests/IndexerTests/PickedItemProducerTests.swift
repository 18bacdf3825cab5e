import Foundation
import HandbookModel
import Retrieval
import Testing

/// Which lookup finds an item the request picks from a list ("the oldest open invoice"), on a small invoicing
/// fixture API: a list of its kind, not one item the path picks (`/invoices/upcoming`) or a reference inside an
/// object the request never speaks of (a customer's `discount.invoice`).
@Suite struct PickedItemProducerTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Invoicing, version: '1'}
        paths:
          /customers:
            get:
              operationId: listCustomers
              summary: List customers
              parameters: [{name: email, in: query, schema: {type: string}}]
              responses:
                '200': {description: Customers., content: {application/json: {schema: {$ref: '#/components/schemas/CustomerList'}}}}
          /invoices:
            get:
              operationId: listInvoices
              summary: List invoices
              parameters:
                - {name: customer, in: query, schema: {type: string}}
                - {name: status, in: query, schema: {type: string, enum: [draft, open, paid, void]}}
              responses:
                '200': {description: Invoices., content: {application/json: {schema: {$ref: '#/components/schemas/InvoiceList'}}}}
          /invoices/upcoming:
            get:
              operationId: getUpcomingInvoice
              summary: Retrieve an upcoming invoice
              parameters: [{name: customer, in: query, schema: {type: string}}]
              responses:
                '200': {description: The invoice., content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}}
          /invoices/{invoice}/pay:
            post:
              operationId: payInvoice
              summary: Pay an invoice
              parameters: [{name: invoice, in: path, required: true, schema: {type: string}}]
              responses:
                '200': {description: Paid., content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}}
          /credit_notes:
            get:
              operationId: listCreditNotes
              summary: List credit notes
              parameters: [{name: customer, in: query, schema: {type: string}}]
              responses:
                '200': {description: Credit notes., content: {application/json: {schema: {$ref: '#/components/schemas/CreditNoteList'}}}}
            post:
              operationId: createCreditNote
              summary: Create a credit note
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: object, required: [invoice], properties: {invoice: {type: string}, amount: {type: integer}}}
              responses:
                '200': {description: Created., content: {application/json: {schema: {$ref: '#/components/schemas/CreditNote'}}}}
        components:
          schemas:
            Customer:
              type: object
              properties:
                id: {type: string}
                email: {type: string}
                discount: {type: object, properties: {id: {type: string}, invoice: {type: string}}}
            Invoice: {type: object, properties: {id: {type: string}, customer: {type: string}, status: {type: string}}}
            CreditNote: {type: object, properties: {id: {type: string}, invoice: {type: string}}}
            CustomerList: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Customer'}}}}
            InvoiceList: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Invoice'}}}}
            CreditNoteList: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/CreditNote'}}}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    /// The customer's `discount.invoice` is the invoice of a thing the request never speaks of.
    @Test func aReferenceInsideAnUnmentionedObjectIsNoWayToThePickedItem() throws {
        let best = try #require(
            try Self.planner().propose(
                "Issue a $10 credit note against the latest paid invoice of the customer ada@example.com."
            ).first)
        #expect(best.operations.last == "createCreditNote")
        #expect(!best.reasons.contains { $0.contains("/discount/invoice") }, "\(best.reasons)")
    }

    @Test func anItemThePathPicksIsNoneTheRequestPicks() throws {
        let best = try #require(
            try Self.planner().propose("Pay the oldest open invoice of the customer ada@example.com now.").first)
        #expect(best.operations == ["listCustomers", "listInvoices", "payInvoice"])
    }
}
