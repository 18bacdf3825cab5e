import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// On a small fixture forge whose repositories are addressed by `{owner}/{repo}`: a phrase the request quotes after a
/// word that picks one of several ("the most starred 'static site generator' repository") is what a search looks for,
/// not a repository's name, and the two halves of the pair come from the one item the search found.
@Suite struct DescribedSearchPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Forge, version: '1'}
        paths:
          /repositories:
            get:
              operationId: listPublicRepositories
              summary: List public repositories
              responses:
                '200': {description: Repositories., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/repository'}}}}}
          /search/repositories:
            get:
              operationId: searchRepositories
              summary: Search repositories
              parameters:
                - {name: q, in: query, required: true, description: The search keywords., schema: {type: string}}
                - {name: sort, in: query, schema: {type: string, enum: [stars, updated]}}
              responses:
                '200':
                  description: Matching repositories.
                  content: {application/json: {schema: {type: object, properties: {total_count: {type: integer}, items: {type: array, items: {$ref: '#/components/schemas/repo-search-result-item'}}}}}}
          /user/repos:
            get:
              operationId: listMyRepositories
              summary: List repositories for the authenticated user
              responses:
                '200': {description: Repositories., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/repository'}}}}}
          /repos/{owner}/{repo}:
            get:
              operationId: getRepository
              summary: Get a repository
              parameters: [{$ref: '#/components/parameters/owner'}, {$ref: '#/components/parameters/repo'}]
              responses:
                '200': {description: The repository., content: {application/json: {schema: {$ref: '#/components/schemas/repository'}}}}
          /repos/{owner}/{repo}/contributors:
            get:
              operationId: listContributors
              summary: List repository contributors
              parameters: [{$ref: '#/components/parameters/owner'}, {$ref: '#/components/parameters/repo'}]
              responses:
                '200': {description: Contributors., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/account'}}}}}
        components:
          parameters:
            owner: {name: owner, in: path, required: true, description: The account owner of the repository. The name is not case sensitive., schema: {type: string}}
            repo: {name: repo, in: path, required: true, description: The name of the repository. The name is not case sensitive., schema: {type: string}}
          schemas:
            account: {type: object, properties: {login: {type: string}, id: {type: integer}}}
            repository:
              type: object
              properties: {id: {type: integer}, name: {type: string}, full_name: {type: string}, owner: {$ref: '#/components/schemas/account'}}
            repo-search-result-item:
              type: object
              properties: {id: {type: integer}, name: {type: string}, full_name: {type: string}, owner: {$ref: '#/components/schemas/account'}, stargazers_count: {type: integer}}
        """

    @Test func aQuotedPhraseAfterAWordThatPicksIsWhatTheSearchLooksFor() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(
            try planner.propose("Find the most starred 'static site generator' repository and list its contributors.")
                .first)
        #expect(best.operations == ["searchRepositories", "listContributors"], "\(best.operations) \(best.reasons)")
        let steps = try #require(best.template?.steps)
        #expect(steps.first?.arguments["q"] == .string("static site generator"))
        // Both halves of `{owner}/{repo}` come from the search's first item.
        #expect(steps.last?.arguments["owner"] == .string("$steps.s1.response.body#/items/0/owner/login"))
        #expect(steps.last?.arguments["repo"] == .string("$steps.s1.response.body#/items/0/name"))
    }

    @Test func aQuotedPhraseRightBeforeItsThingStillNamesIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(try planner.propose("List the contributors of the 'hbc' repository of octocat.").first)
        #expect(best.operations == ["listContributors"], "\(best.operations) \(best.reasons)")
        #expect(best.proposedInputs["repo"] == .string("hbc"))
    }
}
