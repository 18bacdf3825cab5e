import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Indexer

/// Goal-directed planning on a small fixture API: the answer operation, then a lookup for every identifier the
/// request does not state, bound by response pointers.
@Suite struct PlanComposerTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Shops, version: '1'}
        paths:
          /stores:
            get:
              operationId: listStores
              summary: List stores
              parameters: [{name: name, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: The stores.
                  content: {application/json: {schema: {type: object, properties: {stores: {type: array, items: {$ref: '#/components/schemas/Store'}}}}}}
            post:
              operationId: openStore
              summary: Open a store
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {name: {type: string}, customer_id: {type: integer}}}
              responses: {'201': {description: Opened.}}
          /stores/{store_id}:
            parameters: [{name: store_id, in: path, required: true, schema: {type: integer}}]
            get:
              operationId: getStore
              summary: Get a store
              responses:
                '200': {description: The store., content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
            delete:
              operationId: deleteStore
              summary: Close a store for good
              responses: {'204': {description: Closed.}}
          /stores/{store_id}/orders:
            get:
              operationId: listOrders
              summary: List the orders a store received
              parameters: [{name: store_id, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: Orders, newest first.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Order'}}}}
          /stores/{store_id}/orders/{order_id}/refunds:
            post:
              operationId: refundOrder
              summary: Refund an order
              parameters:
                - {name: store_id, in: path, required: true, schema: {type: integer}}
                - {name: order_id, in: path, required: true, schema: {type: integer}}
              responses: {'201': {description: Refunded.}}
          /customers:
            get:
              operationId: listCustomers
              summary: List customers
              parameters: [{name: email, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: Customers.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Customer'}}}}
          /notes:
            post:
              operationId: createNote
              summary: Write a note about a customer
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [customer_id, text]
                      properties: {customer_id: {type: integer}, text: {type: string}}
              responses: {'201': {description: Written.}}
        components:
          schemas:
            Store: {type: object, properties: {id: {type: integer}, name: {type: string}, city: {type: string}}}
            Order: {type: object, properties: {id: {type: integer}, total: {type: number}, placed_at: {type: string}}}
            Customer: {type: object, properties: {id: {type: integer}, email: {type: string}, name: {type: string}}}
        """

    static func planner() throws -> Planner {
        try searchAndPlanner().planner
    }

    static func searchAndPlanner() throws -> (engine: SearchEngine, planner: Planner) {
        let root = try TestFixtures.handbook(spec: spec)
        let (bundle, diagnostics, built) = try TestFixtures.build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics)")
        let reader = try BundleReader(path: bundle.path)
        let engine = try SearchEngine(reader: reader, encoder: nil)
        return (engine, Planner(engine: engine, reader: reader))
    }

    @Test func aNamedThingIsLookedUpInItsListBeforeTheCallThatNeedsItsID() throws {
        let best = try #require(try Self.planner().propose("Close the store named Downtown-East for good").first)
        #expect(best.operations == ["listStores", "deleteStore"])
        // The build compiled the same chain, so the proposal is that template (its id can be executed).
        #expect(best.template?.id == "chain:listStores>deleteStore")
        #expect(best.proposedInputs["name"] == .string("Downtown-East"))
        #expect(best.reasons.contains { $0.contains("store_id ← step s1 (GET /stores) /stores/0/id") })
    }

    @Test func aStatedIdentifierMakesTheLookupUnnecessary() throws {
        let best = try #require(try Self.planner().propose("Close store 42 for good").first)
        #expect(best.operations == ["deleteStore"])
        #expect(best.proposedInputs["store_id"] == .string("42"))
    }

    @Test func threeStepChainsFollowThePathsParents() throws {
        let best = try #require(
            try Self.planner().propose("Refund the latest order of the store called Uptown-2").first)
        #expect(best.operations == ["listStores", "listOrders", "refundOrder"])
        let steps = try #require(best.template?.steps)
        #expect(steps[1].arguments["store_id"] == .string("$steps.s1.response.body#/stores/0/id"))
        #expect(steps[2].arguments["store_id"] == .string("$steps.s1.response.body#/stores/0/id"))
        #expect(steps[2].arguments["order_id"] == .string("$steps.s2.response.body#/0/id"))
    }

    @Test func aBodyIdentifierIsLookedUpByTheNameTheRequestGives() throws {
        let best = try #require(
            try Self.planner().propose("Write a note about customer Jenny-Rosen saying she called").first)
        #expect(best.operations == ["listCustomers", "createNote"])
        let body = try #require(best.template?.steps[1].arguments["body"])
        // The customer list takes no name: the customer is the listed one of that name, not the first.
        #expect(body["customer_id"] == .string("$steps.s1.response.body#/[name=$inputs.customer_name]/id"))
        #expect(best.proposedInputs["customer_name"] == .string("Jenny-Rosen"))
    }

    @Test func aTaskSearchListsThePlannedCallsFirstInCallOrder() throws {
        let (engine, planner) = try Self.searchAndPlanner()
        let search = PlannedSearch(engine: engine, planner: planner)
        let request = "Refund the latest order of the store called Uptown-2"
        let options = SearchOptions(limit: 3, kind: .operation)
        let hits = try search.search(request, options: options).hits.map(\.document.target)
        // The plain search ranks by words: its best match stays first, the lookups are not among its first hits.
        let plain = try engine.search(request, options: options).hits.map(\.document.target)
        #expect(plain.first == "refundOrder" && plain != hits)
        #expect(hits == ["refundOrder", "listStores", "listOrders"])
        // Later pages are cut from the same reordered ranking: nothing repeated, nothing skipped.
        var wide = options
        wide.limit = 6
        let all = try search.search(request, options: wide).hits.map(\.document.target)
        var later = options
        later.offset = 3
        #expect(try search.search(request, options: later).hits.map(\.document.target) == Array(all[3...]))
        #expect(Array(all.prefix(3)) == hits)
        // Doc searches and lookups of words are the plain search's.
        #expect(
            try search.search("refund an order", options: options).hits.map(\.document.target)
                == engine.search("refund an order", options: options).hits.map(\.document.target))
    }

    /// A word of letters that no document of the API uses reads as a name ("the store uptown"): the search plans. A
    /// made-up token with digits (what a benchmark appends to make each query new) does not.
    @Test func aWordTheAPINeverUsesIsPlannedForAsAName() throws {
        let (engine, planner) = try Self.searchAndPlanner()
        let search = PlannedSearch(engine: engine, planner: planner)
        let options = SearchOptions(limit: 3, kind: .operation)
        func targets(_ results: SearchResults) -> [String] { results.hits.map(\.document.target) }
        let named = "refund an order of the store uptown"
        #expect(!PlannedSearch.readsAsTask(named))
        #expect(
            targets(try search.search(named, options: options)) != targets(try engine.search(named, options: options)))
        let madeUp = "refund an order of the store q17ab12"
        #expect(
            targets(try search.search(madeUp, options: options)) == targets(try engine.search(madeUp, options: options))
        )
    }

    /// A ranking of what a caller may see gains a planned call it is missing only when the caller may see that call.
    @Test func anOrderedRankingGainsNoCallTheCallerMayNotSee() throws {
        let (engine, planner) = try Self.searchAndPlanner()
        let search = PlannedSearch(engine: engine, planner: planner)
        let request = "Refund the latest order of the store called Uptown-2"
        let options = SearchOptions(limit: 50, kind: .operation)
        let visible = try engine.search(request, options: options).hits.filter { $0.document.target != "listStores" }
        let hidden = try search.ordered(visible, for: request, options: options) { $0.target != "listStores" }
        #expect(Set(hidden.map(\.document.target)) == Set(visible.map(\.document.target)))
        let seen = try search.ordered(visible, for: request, options: options) { _ in true }
        #expect(seen.map(\.document.target).contains("listStores"), "a planned call the caller may see is added")
    }

    /// A planned call the query's words did not find is listed all the same, ranked by nothing.
    @Test func aCallNoRankingFoundHasAnUnrankedHit() throws {
        let (engine, _) = try Self.searchAndPlanner()
        let hit = try #require(engine.unrankedHit(operation: "listStores"))
        #expect(hit.document.target == "listStores" && hit.document.kind == .operation)
        #expect(hit.score == 0 && hit.lexicalRank == nil && hit.vectorRank == nil)
        #expect(engine.unrankedHit(operation: "liststores") == nil, "ids are exact")
        #expect(engine.unrankedHit(operation: "noSuchOperation") == nil)
    }

    @Test func whatReadsAsATask() {
        for task in [
            "Refund charge ch_3NpQx2LkdIwHu7ix0Kq9 in full", "Close PR 88", "Attach the volume pg-data to droplet db-1",
            "Delete the 'wontfix' label", "Star octocat/Hello-World", "Find the newest store, then list its orders",
            "Which orders did Jenny Rosen place?", "Refund the largest charge we took today",
            "Make a coupon called SPRING25 that takes 25% off",
        ] {
            #expect(PlannedSearch.readsAsTask(task), "\(task)")
        }
        for lookup in [
            "list pull requests of a repository", "list pull requests of a repository q17ab12cd34", "refund",
            "get the authenticated user",
        ] {
            #expect(!PlannedSearch.readsAsTask(lookup), "\(lookup)")
        }
    }

    @Test func theNameOfAThingToCreateIsNotLookedUp() throws {
        // An optional body field could take a name the request gives without saying what it names, but "a store
        // named Harbor View" names the new store.
        let proposals = try Self.planner().propose("Open a store named Harbor View", limit: 5)
        #expect(proposals.first?.operations == ["openStore"])
        #expect(!proposals.contains { $0.operations == ["listCustomers", "openStore"] })
    }
}
