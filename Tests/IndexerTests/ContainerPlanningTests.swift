import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "The newest post of the first forum the user ann belongs to", "take the first forum …, find its newest post": the
/// request puts the thing to look up under another thing, so of the lists that hold it, the one under that thing
/// (`GET /forums/{forumId}/posts`) finds it, not the list under a thing the request names for something else (the
/// user's own posts, though the request states the user).
@Suite struct ContainerPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Forums, version: 1.0.0}
        paths:
          /users/{username}/forums:
            get:
              operationId: listUserForums
              summary: List the forums a user belongs to
              parameters: [{$ref: '#/components/parameters/username'}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /users/{username}/posts:
            get:
              operationId: listUserPosts
              summary: List the posts of a user
              parameters: [{$ref: '#/components/parameters/username'}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /posts:
            get:
              operationId: listPosts
              summary: List posts
              parameters: [{name: username, in: query, schema: {type: string}, description: Only the posts of this user.}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /forums/{forumId}/posts:
            get:
              operationId: listForumPosts
              summary: List the posts of a forum
              parameters: [{name: forumId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /posts/{postId}/comments:
            get:
              operationId: listComments
              summary: List the comments on a post
              parameters: [{name: postId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
        components:
          parameters:
            username: {name: username, in: path, required: true, schema: {type: string}}
          responses:
            Items:
              description: The items
              content:
                application/json:
                  schema:
                    type: array
                    items: {type: object, properties: {id: {type: integer}, name: {type: string}}}
        """

    @Test func aThingOfAnotherIsLookedUpUnderIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose("List the comments on the newest post of the first forum the user ann belongs to.")
                .first)
        #expect(first.operations == ["listUserForums", "listForumPosts", "listComments"], "\(first.reasons)")
    }

    @Test func itsNamesTheThingAnEarlierClauseOpensWith() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose(
                "Take the first forum the user ann belongs to, find its newest post, and list the comments on it."
            ).first)
        #expect(first.operations == ["listUserForums", "listForumPosts", "listComments"], "\(first.reasons)")
        // An earlier sentence is an earlier clause too, whatever capital the next one opens with.
        let split = try #require(
            try planner.propose(
                "Take the first forum the user ann belongs to. Find its newest post and list the comments on it."
            ).first)
        #expect(split.operations == ["listUserForums", "listForumPosts", "listComments"], "\(split.reasons)")
    }

    @Test func theThingTheRequestPutsItUnderDecides() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("List the comments on the newest post of the user ann.").first)
        #expect(first.operations == ["listUserPosts", "listComments"], "\(first.reasons)")
    }

    @Test func anAnswerUnderAnotherThingIsWeighedDown() throws {
        let planner = try TestFixtures.planner(spec: BuildsAPIFixture.spec)
        let proposals = try planner.propose("Download the logs of the first job of the latest run.")
        let first = try #require(proposals.first)
        #expect(first.operations == ["listRuns", "listRunJobs", "getJobLogs"], "\(first.reasons)")
        let runLogs = try #require(proposals.first { $0.operations.last == "getRunLogs" })
        #expect(runLogs.reasons.contains { $0.contains("not under the job the request puts it under") })
    }
}
