import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// On a small fixture forge whose repositories are addressed by `{owner}/{repo}`: a phrase the request quotes after a
/// word that picks one of several ("the most starred 'static site generator' repository") is what a search looks for,
/// not a repository's name, and the two halves of the pair come from the one item the search found; of an issue that
/// holds both its repository and the app that acted on it, each with an `owner`, from the repository; and a call
/// takes the repository its lookup was called with, not one another call (a user's events) gives.
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
          /issues:
            get:
              operationId: listMyIssues
              summary: List issues assigned to the authenticated user
              responses:
                '200': {description: Issues., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/issue'}}}}}
          /repos/{owner}/{repo}/pulls:
            get:
              operationId: listPullRequests
              summary: List pull requests
              parameters: [{$ref: '#/components/parameters/owner'}, {$ref: '#/components/parameters/repo'}]
              responses:
                '200': {description: Pull requests., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/pull'}}}}}
          /users/{username}/events/public:
            get:
              operationId: listPublicEventsForUser
              summary: List public events for a user
              parameters: [{name: username, in: path, required: true, description: The handle for the GitHub user account., schema: {type: string}}]
              responses:
                '200': {description: Events., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/event'}}}}}
          /users/{username}/repos:
            get:
              operationId: listRepositoriesForUser
              summary: List repositories for a user
              parameters: [{name: username, in: path, required: true, description: The handle for the GitHub user account., schema: {type: string}}]
              responses:
                '200': {description: Repositories., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/repository'}}}}}
          /repos/{owner}/{repo}/pulls/{pull_number}/files:
            get:
              operationId: listPullRequestFiles
              summary: List pull requests files
              parameters:
                - {$ref: '#/components/parameters/owner'}
                - {$ref: '#/components/parameters/repo'}
                - {name: pull_number, in: path, required: true, schema: {type: integer}}
              responses:
                '200': {description: Files., content: {application/json: {schema: {type: array, items: {type: object, properties: {filename: {type: string}}}}}}}
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
            app:
              type: object
              properties: {id: {type: integer}, slug: {type: string}, name: {type: string}, owner: {$ref: '#/components/schemas/account'}}
            issue:
              type: object
              properties:
                id: {type: integer}
                number: {type: integer}
                title: {type: string}
                performed_via_app: {$ref: '#/components/schemas/app'}
                repository: {$ref: '#/components/schemas/repository'}
            event:
              type: object
              properties:
                id: {type: string}
                actor: {$ref: '#/components/schemas/account'}
                payload: {type: object, properties: {issue: {$ref: '#/components/schemas/issue'}}}
            pull:
              type: object
              properties: {id: {type: integer}, number: {type: integer}, title: {type: string}}
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

    @Test func bothHalvesComeFromOneObjectOfTheItem() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(
            try planner.propose("List the pull requests of the repository of my oldest assigned issue.").first)
        #expect(best.operations == ["listMyIssues", "listPullRequests"], "\(best.operations) \(best.reasons)")
        let arguments = try #require(best.template?.steps.last?.arguments)
        #expect(arguments["owner"] == .string("$steps.s1.response.body#/0/repository/owner/login"), "\(best.reasons)")
        #expect(arguments["repo"] == .string("$steps.s1.response.body#/0/repository/name"), "\(best.reasons)")
    }

    @Test func aCallTakesTheThingItsLookupWasCalledWith() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(
            try planner.propose(
                "Find the most recently pushed repository of the user pjhyett publicly, get its newest open pull "
                    + "request, and list the files it changes."
            ).first)
        #expect(
            best.operations == ["listRepositoriesForUser", "listPullRequests", "listPullRequestFiles"],
            "\(best.operations) \(best.reasons)")
        // The files are those of a pull request of the repository the pull requests were listed for.
        let steps = try #require(best.template?.steps)
        #expect(steps.last?.arguments["owner"] == steps.dropLast().last?.arguments["owner"], "\(best.reasons)")
    }
}
