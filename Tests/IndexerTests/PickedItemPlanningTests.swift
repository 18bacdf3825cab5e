import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// Requests whose last clause acts on one of the things an earlier clause lists ("…, and show me the first one"),
/// and values given by a participle of a thing's name ("the cats tagged 'orange'"), on a small image API whose
/// paths read `/cat/{id}` beside `/cat/{tag}` and whose list of tags is a bare list of strings.
@Suite struct PickedItemPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Kittens, version: 1.0.0}
        paths:
          /api/cats:
            get:
              operationId: listCats
              description: Will return all cats
              parameters:
                - {name: limit, in: query, schema: {type: integer}, description: Number of cats to retrieve}
                - {name: tags, in: query, schema: {type: string}, description: Filter by tags}
              responses:
                '200':
                  description: List of cats
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          type: object
                          properties:
                            _id: {type: string}
                            tags: {type: array, items: {type: string}}
                            createdAt: {type: string}
          /api/tags:
            get:
              operationId: listTags
              description: Will return all tags
              responses:
                '200':
                  description: List of tags
                  content:
                    application/json:
                      schema: {type: array, items: {type: string}}
          /cat:
            get:
              operationId: randomCat
              description: Get random cat
              parameters:
                - {name: width, in: query, schema: {type: integer}, description: Desired width of the cat image}
              responses:
                '200': {description: Cat returned}
          /cat/{id}:
            get:
              operationId: catById
              description: Get cat by id
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}, description: Cat ID}
                - {name: width, in: query, schema: {type: integer}, description: Desired width of the cat image}
              responses:
                '200': {description: Cat returned}
          /cat/{tag}:
            get:
              operationId: catByTag
              description: Get random cat by tag
              parameters:
                - {name: tag, in: path, required: true, schema: {type: string}, description: Tag to filter cats}
                - {name: width, in: query, schema: {type: integer}, description: Desired width of the cat image}
              responses:
                '200': {description: Cat returned}
        """

    @Test func theLastClausePicksFromWhatTheFirstLists() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose("List the cats tagged 'orange' and show me the image of the first one.").first)
        #expect(first.operations == ["listCats", "catById"], "\(first.reasons)")
        #expect(first.proposedInputs["tags"] == .string("orange"), "\(first.proposedInputs)")
    }

    @Test func aBareListOfStringsGivesTheThingItsPathNames() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        // `GET /api/tags` answers tags; the `{tag}` of `/cat/{tag}` is one, not a cat's `_id`.
        let first = try #require(
            try planner.propose("What tags are there? Pick the first one and give me a random cat with it.").first)
        #expect(first.operations == ["listTags", "catByTag"], "\(first.reasons)")
        #expect(first.reasons.contains { $0.contains("tag ← step s1 (GET /api/tags)") }, "\(first.reasons)")
    }

    @Test func aValueAfterTheParticipleOfAnInputsNameIsItsValue() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let plans = try planner.propose("Show me a random cat tagged cute")
        let byTag = try #require(plans.first { $0.operations == ["catByTag"] })
        #expect(byTag.proposedInputs["tag"] == .string("cute"), "\(byTag.proposedInputs)")
        #expect(StatedValues.isParticiple("tagged", of: "tag"))
        #expect(StatedValues.isParticiple("labelled", of: "label") && StatedValues.isParticiple("labeled", of: "label"))
        #expect(!StatedValues.isParticiple("taggedness", of: "tag") && !StatedValues.isParticiple("tag", of: "tag"))
    }
}
