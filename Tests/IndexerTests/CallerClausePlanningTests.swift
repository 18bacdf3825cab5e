import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// A request whose first clause asks about the caller's own things in a few words ("Which guilds am I in?"), whose
/// steps are joined by "and" ("… and tell me …"), on a made-up API where the caller's guilds name their organization
/// by an abbreviated word (`org` in paths, `organization` in the guild), and the organizations of the caller and their
/// guilds are listed too: the plan follows the clauses, through the caller's guilds.
@Suite struct CallerClausePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Guildhall, version: '1'}
        paths:
          /organizations:
            get:
              operationId: listOrganizations
              summary: List organizations
              responses:
                '200':
                  description: Organizations.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Organization'}}}}
          /events:
            get:
              operationId: listEvents
              summary: List public events
              responses:
                '200':
                  description: Events.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Event'}}}}
          /user/orgs:
            get:
              operationId: listMyOrganizations
              summary: List organizations for the authenticated user
              responses:
                '200':
                  description: The caller's organizations.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Organization'}}}}
          /user/guilds:
            get:
              operationId: listMyGuilds
              summary: List guilds for the authenticated user
              responses:
                '200':
                  description: The caller's guilds.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Guild'}}}}
          /orgs/{org}/guilds:
            get:
              operationId: listGuilds
              summary: List guilds
              parameters:
                - {name: org, in: path, required: true, description: The organization name. The name is not case sensitive., schema: {type: string}}
              responses:
                '200':
                  description: Guilds.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Guild'}}}}
          /orgs/{org}/guilds/{guild_slug}/vaults:
            get:
              operationId: listGuildVaults
              summary: List guild vaults
              parameters:
                - {name: org, in: path, required: true, description: The organization name. The name is not case sensitive., schema: {type: string}}
                - {name: guild_slug, in: path, required: true, description: The slug of the guild name., schema: {type: string}}
              responses:
                '200':
                  description: Vaults.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Vault'}}}}
          /guilds/{guild_id}/vaults:
            get:
              operationId: listGuildVaultsLegacy
              summary: List guild vaults (Legacy)
              deprecated: true
              parameters:
                - {name: guild_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200':
                  description: Vaults.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Vault'}}}}
          /vaults/{owner}/{vault}/coins:
            get:
              operationId: listCoins
              summary: List coins of a vault
              parameters:
                - {name: owner, in: path, required: true, description: The account owner of the vault. The name is not case sensitive., schema: {type: string}}
                - {name: vault, in: path, required: true, description: The name of the vault. The name is not case sensitive., schema: {type: string}}
              responses:
                '200':
                  description: Coins.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Coin'}}}}
        components:
          schemas:
            Organization:
              type: object
              properties: {id: {type: integer}, login: {type: string}}
            Event:
              type: object
              properties: {id: {type: integer}, org: {$ref: '#/components/schemas/Organization'}}
            Guild:
              type: object
              properties:
                id: {type: integer}
                slug: {type: string}
                organization: {$ref: '#/components/schemas/Organization'}
            Vault:
              type: object
              properties:
                id: {type: integer}
                name: {type: string}
                owner: {type: object, properties: {login: {type: string}}}
            Coin:
              type: object
              properties: {id: {type: integer}, metal: {type: string}}
        """

    @Test func theCallersOwnListFeedsTheCurrentPathThroughTheAbbreviatedOrganization() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(
            try planner.propose(
                "Which guilds am I in? For the first one, list the vaults it can open and tell me the coins in the "
                    + "first of those vaults."
            ).first)
        #expect(best.operations == ["listMyGuilds", "listGuildVaults", "listCoins"])
        // The organization comes from the caller's guild itself, not from a list of all organizations.
        #expect(best.reasons.contains("org ← step s1 (GET /user/guilds) /0/organization/login"), "\(best.reasons)")
    }

    @Test func aClauseInTheFirstPersonTakesTheCallersOwnList() throws {
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        let request = "Which guilds am I in? List the vaults of the first one"
        let values = StatedValues(request: request, resources: catalog.resources, holders: catalog.holderWords) { _ in
            true
        }
        func firstLookup(firstPerson: Bool) -> String? {
            let clauses = [
                ClauseChains.Clause(words: ["guild"], statesValue: false, firstPerson: firstPerson),
                ClauseChains.Clause(words: ["list", "vault"], statesValue: false, firstPerson: false),
            ]
            return ClauseChains(catalog: catalog, values: values).chains(
                over: clauses, answers: [("listGuildVaults", 1)], limit: 1
            ).first?.operations.first
        }
        #expect(firstLookup(firstPerson: true) == "listMyGuilds")
        // Said of no one in particular, "guilds" are likelier the list named for them alone.
        #expect(firstLookup(firstPerson: false) == "listGuilds")
    }
}
