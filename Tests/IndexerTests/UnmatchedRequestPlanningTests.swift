import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A request that shares no word with any operation of a small API, in a bundle without embeddings: the search finds
/// nothing, and the planner still reads the request against every operation.
@Suite struct UnmatchedRequestPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Shows, version: '1'}
        paths:
          /shows/search:
            get:
              operationId: search-shows
              summary: Search shows by title
              parameters: [{name: title, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: integer}, title: {type: string}}}}}}}}
          /shows/{showId}:
            get:
              operationId: show-details
              summary: Get a show
              parameters: [{name: showId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}, title: {type: string}, synopsis: {type: string}}}}}}}
          /shows/{showId}/cast-and-crew:
            get:
              operationId: show-cast-and-crew
              summary: Get the cast and crew of a show
              parameters: [{name: showId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object, properties: {name: {type: string}, role: {type: string}}}}}}}}
          /shows/{showId}/tracking:
            post:
              operationId: track-show
              summary: Track a show
              parameters: [{name: showId, in: path, required: true, schema: {type: integer}}]
              responses: {'204': {description: tracked}}
        """

    @Test func aRequestSharingNoWordWithTheAPIIsStillPlanned() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // Neither "directed" nor "voices" is a word of the API; the names are values, left out of the search.
        for request in ["Who directed Cowboy Bebop?", "Who voices Spike in Cowboy Bebop?"] {
            let first = try #require(try planner.propose(request).first, "\(request)")
            #expect(first.operations == ["search-shows", "show-cast-and-crew"], "\(request): \(first.reasons)")
        }
    }
}
