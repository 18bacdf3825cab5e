import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// An API that joins the words of a resource in its paths (`/v1/invoiceitems`) is found by the words apart: a search
/// for "invoice items" ranks them above those of invoices, whose text names invoices and items throughout.
@Suite struct CompoundPathSearchTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Billing, version: '1'}
        paths:
          /v1/invoices:
            get:
              operationId: GetInvoices
              description: Returns the invoices, newest first. Each invoice lists its line items and totals.
              responses:
                '200': {description: Invoices., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/invoice'}}}}}
          /v1/invoices/{invoice}:
            get:
              operationId: GetInvoicesInvoice
              description: Retrieves the invoice with the given identifier, its items and its totals.
              parameters: [{name: invoice, in: path, required: true, schema: {type: string}}]
              responses:
                '200': {description: The invoice., content: {application/json: {schema: {$ref: '#/components/schemas/invoice'}}}}
          /v1/invoiceitems:
            post:
              operationId: PostInvoiceitems
              description: Creates a charge to be added to a draft invoice.
              requestBody: {content: {application/json: {schema: {type: object, properties: {customer: {type: string}, amount: {type: integer}}}}}}
              responses:
                '200': {description: The new charge., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
          /v1/subscription_items:
            get:
              operationId: GetSubscriptionItems
              description: Returns the subscription's items.
              responses:
                '200': {description: Items., content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: string}}}}}}}
        components:
          schemas:
            invoice:
              type: object
              properties: {id: {type: string}, total: {type: integer}, lines: {type: array, items: {type: object, properties: {amount: {type: integer}}}}}
        """

    @Test func theWordsOfAJoinedPathWordFindItsOperations() throws {
        let root = try TestFixtures.handbook(spec: Self.spec)
        let (bundle, diagnostics, built) = try TestFixtures.build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics)")
        let engine = try SearchEngine(reader: try BundleReader(path: bundle.path), encoder: nil)
        let hits = try engine.search("invoice items", options: SearchOptions(limit: 3, kind: .operation)).hits
        #expect(hits.first?.document.target == "PostInvoiceitems", "\(hits.map(\.document.target))")
    }
}
