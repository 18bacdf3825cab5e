import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// A `ref` (a commit, branch or tag name) looked up from a list of commits, on a made-up API: it takes the commit's
/// `sha`, not the name of the person who committed it, and an initialism in the request ("the CI status") is no name
/// that could be the ref. A file name in the request goes to the list's filter for a file path. A commit's committer is no commit although "commit" begins "committer".
@Suite struct CommitRefPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Gitforge, version: '1'}
        paths:
          /projects/{project}/commits:
            get:
              operationId: listCommits
              summary: List commits
              parameters:
                - {name: project, in: path, required: true, description: The project's name., schema: {type: string}}
                - {name: path, in: query, description: Only commits containing this file path., schema: {type: string}}
              responses:
                '200':
                  description: Commits, newest first.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Commit'}}}}
          /projects/{project}/commits/{ref}/status:
            get:
              operationId: getCommitStatus
              summary: Get the build status of a commit
              parameters:
                - {name: project, in: path, required: true, description: The project's name., schema: {type: string}}
                - {name: ref, in: path, required: true, description: The name of the commit, branch or tag., schema: {type: string}}
              responses: {'200': {description: The status.}}
        components:
          schemas:
            Commit:
              type: object
              properties:
                sha: {type: string}
                message: {type: string}
                committer: {type: object, properties: {name: {type: string}, email: {type: string}}}
        """

    static func planner() throws -> Planner {
        try TestFixtures.planner(spec: spec)
    }

    /// The operations and step arguments of the best plan for `request`.
    private func bestPlan(_ request: String) throws -> (operations: [String], arguments: [JSONValue]) {
        let best = try #require(try Self.planner().propose(request).first)
        return (best.operations, best.template?.steps.map(\.arguments) ?? [])
    }

    @Test func aRefTakesTheCommitsSHA() throws {
        let plan = try bestPlan("Show the build status of the latest commit in project web-shop.")
        #expect(plan.operations == ["listCommits", "getCommitStatus"])
        #expect(plan.arguments.last?["ref"] == .string("$steps.s1.response.body#/0/sha"))
    }

    @Test func anInitialismIsNoNameForTheRef() throws {
        let plan = try bestPlan("What is the CI status of the latest commit in project web-shop?")
        #expect(plan.operations == ["listCommits", "getCommitStatus"])
        #expect(plan.arguments.last?["ref"] == .string("$steps.s1.response.body#/0/sha"))
    }

    @Test func aFileNameGoesToTheFilterForAFilePath() throws {
        let plan = try bestPlan("Show the build status of the last commit that touched app.js in project web-shop.")
        #expect(plan.operations == ["listCommits", "getCommitStatus"])
        #expect(plan.arguments.first?["path"] == .string("app.js"))
    }

    @Test func theCommittersNameIsNoNameOfTheCommit() throws {
        let catalog = try TestFixtures.catalog(spec: Self.spec)
        let ref = try #require(catalog.facts["getCommitStatus"]?.inputs.first { $0.name == "ref" })
        let strength = Dictionary(
            catalog.producers(of: ref, excluding: "getCommitStatus").map { ($0.field.field.pointer, $0.strength) },
            uniquingKeysWith: max)
        #expect(strength["/0/sha"] == 3)
        // Held by the committer inside the commit, the name is at most a weak match, never the commit's own.
        #expect((strength["/0/committer/name"] ?? 0) < 3)
    }
}
