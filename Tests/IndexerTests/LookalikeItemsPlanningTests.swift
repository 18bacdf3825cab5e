import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A list under another name whose items look like the things of a kind (the same fields besides keys): its `id`s
/// are ids of that kind, so "the details of the first book similar to Dune" reads a similar book, not Dune. Inline
/// schemas, no components: only the fields say what the items are.
@Suite struct LookalikeItemsPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Bookshelf, version: 1.0.0}
        paths:
          /books/search:
            get:
              operationId: searchBooks
              summary: Search books by title
              parameters: [{name: q, in: query, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: Matching books
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          type: object
                          properties:
                            bookId: {type: integer}
                            title: {type: string}
                            author: {type: string}
                            blurb: {type: string}
          /books/{bookId}:
            get:
              operationId: getBook
              summary: Get the details of a book
              parameters: [{name: bookId, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: The book
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          title: {type: string}
                          pages: {type: integer}
                          published: {type: string}
          /books/{bookId}/similar:
            get:
              operationId: similarBooks
              summary: Get similar titles
              parameters: [{name: bookId, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: Similar titles
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          type: object
                          properties:
                            id: {type: integer}
                            title: {type: string}
                            author: {type: string}
                            blurb: {type: string}
        """

    @Test func aListOfLookalikesGivesTheIDsOfThingsOfThatKind() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose("Get the titles similar to Dune, then show me the details of the first one.").first)
        #expect(first.operations == ["searchBooks", "similarBooks", "getBook"], "\(first.reasons)")
        #expect(
            first.template?.steps.last?.arguments["bookId"] == .string("$steps.s2.response.body#/0/id"),
            "\(String(describing: first.template))")
    }

    @Test func theyAreNoWayToAThingTheRequestDoesNotSpeakOfThemFor() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("How many pages does the book Dune have?").first)
        #expect(first.operations == ["searchBooks", "getBook"], "\(first.reasons)")
    }
}
