import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// The other ways an API lists what the planner answers with: a whole collection and the same collection under one
/// item of another are one answer to the plan cache; listings side by side under different segments are not.
@Suite struct OtherListingsTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Board, version: 1.0.0}
        paths:
          /posts:
            get:
              operationId: listPosts
              summary: List posts
              parameters: [{name: userId, in: query, schema: {type: integer}}]
              responses: {'200': {description: Posts}}
          /users/{userId}/posts:
            get:
              operationId: listUserPosts
              summary: List the posts of a user
              parameters: [{name: userId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: Posts}}
          /search/posts:
            get:
              operationId: searchPosts
              summary: Search posts by text
              parameters: [{name: q, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: Posts}}
          /posts/{postId}:
            get:
              operationId: getPost
              summary: Get a post
              parameters: [{name: postId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: A post}}
          /posts/{postId}/comments:
            get:
              operationId: listPostComments
              summary: List the comments of a post
              parameters: [{name: postId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: Comments}}
          /users:
            get:
              operationId: listUsers
              summary: List users
              parameters: [{name: username, in: query, schema: {type: string}}]
              responses: {'200': {description: Users}}
          /users/{userId}/albums:
            get:
              operationId: listUserAlbums
              summary: List the albums of a user
              parameters: [{name: userId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: Albums}}
        """

    private func proposal(_ operations: [String], score: Double) -> PlanProposal {
        PlanProposal(template: nil, operations: operations, score: score, reasons: [])
    }

    @Test func aWholeCollectionAndTheSameUnderAnItemAnswerAlike() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        #expect(
            try planner.answersWithOtherListings(of: [proposal(["listPosts"], score: 1)])
                == ["listPosts", "listUserPosts"])
        #expect(
            try planner.answersWithOtherListings(of: [proposal(["listUserPosts"], score: 1)])
                == ["listUserPosts", "listPosts"])
    }

    @Test func listingsSideBySideAndOtherCollectionsDoNot() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        #expect(try planner.answersWithOtherListings(of: [proposal(["searchPosts"], score: 1)]) == ["searchPosts"])
        #expect(
            try planner.answersWithOtherListings(of: [proposal(["listUserAlbums"], score: 1)]) == ["listUserAlbums"])
        // A distant proposal answers nothing, so its listings are not added either.
        #expect(
            try planner.answersWithOtherListings(of: [
                proposal(["listUserAlbums"], score: 1), proposal(["listPosts"], score: 0.1),
            ]) == ["listUserAlbums"])
    }

    @Test func theSameCallsAlongAnotherListingOrWithoutReadingAListedItem() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let roads = try planner.sameCalls(as: ["listUsers", "listPosts"])
        #expect(Set(roads) == [["listUsers", "listPosts"], ["listUsers", "listUserPosts"]])
        // Reading one of the posts the user's listing gives goes on from the listing a plan would make.
        #expect(
            Set(try planner.sameCalls(as: ["listUsers", "listUserPosts", "getPost"])) == [
                ["listUsers", "listUserPosts", "getPost"], ["listUsers", "listPosts", "getPost"],
                ["listUsers", "listUserPosts"], ["listUsers", "listPosts"],
            ])
        // Listing a post's comments reads no listed post: the calls before it are another plan.
        #expect(
            Set(try planner.sameCalls(as: ["listUserPosts", "listPostComments"])) == [
                ["listUserPosts", "listPostComments"], ["listPosts", "listPostComments"],
            ])
        #expect(try planner.sameCalls(as: ["searchPosts"]) == [["searchPosts"]])
    }
}
