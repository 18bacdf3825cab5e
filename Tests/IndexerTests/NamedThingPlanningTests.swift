import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Indexer

/// Planning for requests that name a thing the answer does not take by its own kind: the members a call adds, an
/// identifier of a kind the API never lists, a quoted name before its resource, a list chosen over a default item.
@Suite struct NamedThingPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Venues, version: '1'}
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
          /groups:
            get:
              operationId: listGroups
              summary: List groups
              parameters: [{name: name, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: The groups.
                  content: {application/json: {schema: {type: object, properties: {groups: {type: array, items: {$ref: '#/components/schemas/Group'}}}}}}
          /groups/default:
            get:
              operationId: getDefaultGroup
              summary: Get the default group
              responses:
                '200':
                  description: The default group.
                  content: {application/json: {schema: {type: object, properties: {group: {$ref: '#/components/schemas/Group'}}}}}
          /groups/{group_id}/members:
            parameters: [{name: group_id, in: path, required: true, schema: {type: integer}}]
            get:
              operationId: listGroupMembers
              summary: List the members of a group
              responses:
                '200':
                  description: The members.
                  content: {application/json: {schema: {type: object, properties: {members: {type: array, items: {$ref: '#/components/schemas/Member'}}}}}}
            post:
              operationId: addGroupMembers
              summary: Add members to a group
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {members: {type: array, items: {type: integer}}}}
              responses: {'204': {description: Added.}}
          /metrics/cpu:
            get:
              operationId: getCpuMetrics
              summary: Get the CPU load of a host
              parameters:
                - {name: host_id, in: query, required: true, schema: {type: string}}
                - {name: start, in: query, schema: {type: string}}
              responses:
                '200':
                  description: Load samples.
                  content: {application/json: {schema: {type: object, properties: {values: {type: array, items: {type: number}}}}}}
          /labels:
            get:
              operationId: listLabels
              summary: List labels
              responses:
                '200':
                  description: The labels.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Label'}}}}
          /labels/{name}:
            delete:
              operationId: deleteLabel
              summary: Delete a label
              parameters: [{name: name, in: path, required: true, schema: {type: string}}]
              responses: {'204': {description: Deleted.}}
          /customers:
            get:
              operationId: listCustomers
              summary: List customers
              parameters: [{name: email, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: Customers.
                  content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Customer'}}}}}}
          /customers/search:
            get:
              operationId: searchCustomers
              summary: Search customers
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: Matching customers.
                  content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Customer'}}}}}}
          /quotes:
            get:
              operationId: listQuotes
              summary: List quotes
              parameters: [{name: customer, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: Quotes, newest first.
                  content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Quote'}}}}}}
          /quotes/{quote}/accept:
            post:
              operationId: acceptQuote
              summary: Accept a quote
              parameters: [{name: quote, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: Accepted.}}
        components:
          schemas:
            Store: {type: object, properties: {id: {type: integer}, name: {type: string}, city: {type: string}}}
            Group: {type: object, properties: {id: {type: integer}, name: {type: string}}}
            Member: {type: object, properties: {id: {type: integer}, kind: {type: string}}}
            Label: {type: object, properties: {name: {type: string}, color: {type: string}}}
            Customer: {type: object, properties: {id: {type: string}, email: {type: string}, name: {type: string}}}
            Quote: {type: object, properties: {id: {type: string}, customer: {type: string}, amount_total: {type: integer}}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    @Test func theMembersACallAddsAreTheOtherThingTheRequestNames() throws {
        let best = try #require(try Self.planner().propose("Add my store Uptown-2 to the group called Weekend").first)
        #expect(best.operations == ["listStores", "listGroups", "addGroupMembers"])
        #expect(best.reasons.contains { $0.hasPrefix("members ← step s1 (GET /stores)") })
        // The list of groups, filtered by the name, not the default group the request never speaks of.
        #expect(best.reasons.contains { $0.hasPrefix("group_id ← step s2 (GET /groups)") })
    }

    @Test func anIdentifierOfAKindTheAPIDoesNotListTakesTheNamedThing() throws {
        let best = try #require(try Self.planner().propose("Get the CPU load of store Uptown-2 since Monday").first)
        #expect(best.operations == ["listStores", "getCpuMetrics"])
        #expect(best.reasons.contains { $0.hasPrefix("host_id ← step s1 (GET /stores)") })
    }

    @Test func aProperNameIsFoundByTheListThatSearchesItsKind() throws {
        // The quotes are listed for the customer a search by the name finds, not taken from all quotes.
        let best = try #require(try Self.planner().propose("Accept the latest quote we prepared for Jenny Rosen").first)
        #expect(best.operations == ["searchCustomers", "listQuotes", "acceptQuote"])
        #expect(best.reasons.contains { $0.hasPrefix("customer ← step s1 (GET /customers/search)") })
        #expect(best.template?.steps.first?.arguments["query"] == .string("Jenny Rosen"))
    }

    @Test func aQuotedNameBeforeItsResourceNamesIt() throws {
        let best = try #require(try Self.planner().propose("Delete the 'archived' label").first)
        #expect(best.operations == ["deleteLabel"])
        #expect(best.proposedInputs["name"] == .string("archived"))
    }
}
