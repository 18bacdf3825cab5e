import Foundation
import HandbookModel
import Retrieval
import Testing

@testable import Indexer

/// Which lookup feeds an input, on a made-up API: a list the request's e-mail address filters, the list of the
/// input's own kind rather than the consumer's collection, the field named for the input's key, the profile of the
/// person another thing refers to, and a name that a call named for its verb does not make.
@Suite struct LookupChoicePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Workbench, version: '1'}
        paths:
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
          /cards:
            get:
              operationId: listCards
              summary: List cards
              parameters: [{name: customer, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: Cards.
                  content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Card'}}}}}}
          /cards/{card}/attach:
            post:
              operationId: attachCard
              summary: Attach a card to a customer
              parameters: [{name: card, in: path, required: true, schema: {type: string}}]
              requestBody:
                content:
                  application/json:
                    schema: {type: object, required: [customer], properties: {customer: {type: string}}}
              responses: {'200': {description: Attached.}}
          /quotes:
            get:
              operationId: listQuotes
              summary: List quotes
              parameters: [{name: customer, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: Quotes, newest first.
                  content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Quote'}}}}}}
          /quotes/search:
            get:
              operationId: searchQuotes
              summary: Search quotes
              parameters: [{name: query, in: query, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: Matching quotes.
                  content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Quote'}}}}}}
          /quotes/{quote}/accept:
            post:
              operationId: acceptQuote
              summary: Accept a quote
              parameters: [{name: quote, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: Accepted.}}
          /tasks:
            get:
              operationId: listTasks
              summary: List tasks
              parameters: [{name: milestone, in: query, schema: {type: string}}]
              responses:
                '200':
                  description: Tasks, oldest first.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Task'}}}}
          /tasks/{task_number}:
            parameters: [{name: task_number, in: path, required: true, schema: {type: integer}}]
            patch:
              operationId: updateTask
              summary: Update a task
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {milestone: {type: integer}, title: {type: string}}}
              responses: {'200': {description: Updated.}}
          /milestones:
            get:
              operationId: listMilestones
              summary: List milestones
              responses:
                '200':
                  description: Milestones.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Milestone'}}}}
          /users/{username}:
            get:
              operationId: getUser
              summary: Get a user's profile
              parameters: [{name: username, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: The profile.
                  content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}
          /orgs/{org}/teams:
            get:
              operationId: listTeams
              summary: List teams
              parameters: [{name: org, in: path, required: true, description: The organization name., schema: {type: string}}]
              responses:
                '200':
                  description: Teams.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Team'}}}}
          /orgs/{org}/teams/{team_slug}/members:
            get:
              operationId: listTeamMembers
              summary: List the members of a team
              parameters:
                - {name: org, in: path, required: true, description: The organization name., schema: {type: string}}
                - {name: team_slug, in: path, required: true, description: The slug of the team name., schema: {type: string}}
              responses:
                '200':
                  description: Members.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/User'}}}}
          /clusters:
            get:
              operationId: listClusters
              summary: List clusters
              responses:
                '200':
                  description: Clusters.
                  content: {application/json: {schema: {type: object, properties: {clusters: {type: array, items: {$ref: '#/components/schemas/Cluster'}}}}}}
          /clusters/{cluster_id}/pools:
            get:
              operationId: listPools
              summary: List the node pools of a cluster
              parameters: [{name: cluster_id, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: Pools.
                  content: {application/json: {schema: {type: object, properties: {pools: {type: array, items: {$ref: '#/components/schemas/Pool'}}}}}}
          /clusters/{cluster_id}/pools/{pool_id}/nodes/{node_id}:
            delete:
              operationId: deleteNode
              summary: Delete a node of a pool
              parameters:
                - {name: cluster_id, in: path, required: true, schema: {type: string}}
                - {name: pool_id, in: path, required: true, schema: {type: string}}
                - {name: node_id, in: path, required: true, schema: {type: string}}
              responses: {'204': {description: Deleted.}}
        components:
          schemas:
            Cluster: {type: object, properties: {id: {type: string}, name: {type: string}}}
            Pool:
              type: object
              properties:
                id: {type: string}
                name: {type: string}
                nodes: {type: array, items: {type: object, properties: {id: {type: string}, status: {type: string}}}}
            Customer: {type: object, properties: {id: {type: string}, email: {type: string}, name: {type: string}}}
            Card: {type: object, properties: {id: {type: string}, customer: {type: string}, brand: {type: string}}}
            Quote: {type: object, properties: {id: {type: string}, customer: {type: string}, amount_total: {type: integer}}}
            Milestone: {type: object, properties: {id: {type: integer}, title: {type: string}}}
            Task:
              type: object
              properties:
                number: {type: integer}
                title: {type: string}
                milestone: {$ref: '#/components/schemas/Milestone'}
                creator: {$ref: '#/components/schemas/User'}
            User: {type: object, properties: {login: {type: string}, name: {type: string}, bio: {type: string}}}
            Team: {type: object, properties: {id: {type: integer}, name: {type: string}, slug: {type: string}}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    @Test func anEmailAddressFiltersTheListOfItsKind() throws {
        let best = try #require(
            try Self.planner().propose(
                "Attach card card_8Hx2Lk3QmZ to the customer whose email is sam@example.com"
            ).first)
        #expect(best.operations == ["listCustomers", "attachCard"])
        #expect(best.template?.steps.first?.arguments["email"] == .string("sam@example.com"))
        #expect(!best.reasons.contains { $0.contains("unused") })
    }

    @Test func theInputComesFromTheListOfItsKindNotFromTheConsumersCollection() throws {
        // `GET /tasks` returns each task's milestone and continues the path of `PATCH /tasks/{task_number}`, but the
        // milestone named 'Launch' is found in the list of milestones.
        let best = try #require(try Self.planner().propose("Put task #77 into the 'Launch' milestone").first)
        #expect(best.operations == ["listMilestones", "updateTask"])
        #expect(best.reasons.contains { $0.hasPrefix("milestone ← step s1 (GET /milestones)") })
        #expect(best.proposedInputs["task_number"] == .string("77"))
    }

    @Test func aSlugInputTakesTheSlugFieldNotTheName() throws {
        let plans = try Self.planner().propose("List the members of every team in the acme-corp org", limit: 5)
        let plan = try #require(plans.first { $0.operations == ["listTeams", "listTeamMembers"] })
        #expect(plan.reasons.contains { $0.hasPrefix("team_slug ← step s1 (GET /orgs/{org}/teams) /0/slug") })
    }

    @Test func theProfileOfThePersonAnotherThingRefersToIsAStep() throws {
        let best = try #require(
            try Self.planner().propose(
                "Who created the oldest task, and what does their profile say?"
            ).first)
        #expect(best.operations == ["listTasks", "getUser"])
        #expect(best.reasons.contains { $0.hasPrefix("username ← step s1 (GET /tasks) /0/creator/login") })
        #expect(!best.reasons.contains { $0.hasPrefix("reads one username") })
    }

    @Test func aCallNamedForItsVerbMakesNoThingTheNameCouldName() throws {
        // "Accept Jenny Rosen's …": `POST /quotes/{quote}/accept` creates no "accept" named Jenny; the name is the
        // customer's (quotes have no name to search them by), and "now" names nothing.
        let best = try #require(try Self.planner().propose("Accept Jenny Rosen's latest quote now").first)
        #expect(best.operations == ["searchCustomers", "listQuotes", "acceptQuote"])
        #expect(best.template?.steps.first?.arguments["query"] == .string("Jenny Rosen"))
    }

    @Test func aProducerAnotherInputAlreadyCallsCostsNoFurtherCall() throws {
        // The pool list, called for `pool_id`, also returns the pool's nodes: four calls would not fit, three do.
        let best = try #require(
            try Self.planner().propose(
                "Remove the first node from the workers pool of my cluster prod-east"
            ).first)
        #expect(best.operations == ["listClusters", "listPools", "deleteNode"])
        #expect(
            best.reasons.contains {
                $0.hasPrefix("node_id ← step s2 (GET /clusters/{cluster_id}/pools) /pools/0/nodes/0/id")
            }, "\(best.reasons)")
    }
}
