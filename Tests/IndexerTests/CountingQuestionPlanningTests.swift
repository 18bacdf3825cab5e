import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A question that asks how many things there are is answered by an operation that counts them, where the API has
/// one, not by a read of the things.
@Suite struct CountingQuestionPlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Cats, version: '1'}
        paths:
          /api/cats:
            get:
              operationId: list-cats
              summary: List cats
              parameters: [{name: tags, in: query, schema: {type: string}}]
              responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: object, properties: {_id: {type: string}, tags: {type: array, items: {type: string}}}}}}}}}
          /cat:
            get:
              operationId: random-cat
              summary: Get a random cat
              responses: {'200': {description: ok, content: {image/png: {schema: {type: string, format: binary}}}}}
          /api/count:
            get:
              operationId: count
              description: Count how many cats
              responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {number: {type: integer}}}}}}}
        """

    @Test func aQuestionHowManyIsAnsweredByTheOperationThatCounts() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let count = try #require(try planner.propose("How many cats are in the database right now?").first)
        #expect(count.operations == ["count"], "\(count.reasons)")
        #expect(count.reasons.contains { $0.contains("it counts, as the question asks how many") }, "\(count.reasons)")
        // Without "how many", the things are listed.
        let list = try #require(try planner.propose("List the cats tagged cute").first)
        #expect(list.operations == ["list-cats"], "\(list.reasons)")
    }
}
