import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "Show me 20 of quillbert's albums": a handle in small letters that is no word, owning what follows, names one of
/// the API's people, so the listing that takes a user lists them, not the caller's own.
@Suite struct PossessiveHandlePlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Photo Albums, version: 1.0.0}
        paths:
          /me/albums:
            get:
              operationId: listMyAlbums
              summary: List the albums of the current user
              parameters: [{name: limit, in: query, schema: {type: integer}}]
              responses: {'200': {description: Albums}}
          /users/{user_id}/albums:
            get:
              operationId: listUserAlbums
              summary: List a user's albums
              parameters:
                - {name: user_id, in: path, required: true, description: The user's handle, schema: {type: string}}
                - {name: limit, in: query, schema: {type: integer}}
              responses: {'200': {description: Albums}}
          /users/{user_id}:
            get:
              operationId: getUser
              summary: Get a user's profile
              parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: The user}}
        """

    @Test func theOwnerIsTheUserWhoseThingsAreListed() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("Show me 20 of quillbert's albums").first)
        #expect(first.operations == ["listUserAlbums"], "\(first.reasons)")
        #expect(first.proposedInputs["user_id"] == .string("quillbert"), "\(first.proposedInputs)")
    }

    @Test func aWordOwningSomethingNamesNoOne() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("Show me the album's photos for today").first)
        #expect(first.proposedInputs["user_id"] == nil, "\(first.proposedInputs)")
    }
}
