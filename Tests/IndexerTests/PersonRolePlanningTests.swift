import Foundation
import HandbookModel
@testable import Retrieval
import Testing

/// A person named by their part in a thing is one of the API's people: on a small fixture wiki, "the author of article
/// 7" is the user whose id the article holds, so a question about the author's email reads the article, then that
/// user.
@Suite struct PersonRolePlanningTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Wiki, version: '1'}
        paths:
          /articles:
            get:
              operationId: listArticles
              summary: List articles
              responses:
                '200': {description: Articles., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/article'}}}}}
          /articles/{article_id}:
            get:
              operationId: getArticle
              summary: Get an article
              parameters:
                - $ref: '#/components/parameters/article'
              responses:
                '200': {description: The article., content: {application/json: {schema: {$ref: '#/components/schemas/article'}}}}
            delete:
              operationId: deleteArticle
              summary: Delete an article
              parameters:
                - $ref: '#/components/parameters/article'
              responses:
                '204': {description: Deleted.}
          /articles/{article_id}/revisions:
            get:
              operationId: listArticleRevisions
              summary: List the revisions of an article
              parameters:
                - $ref: '#/components/parameters/article'
              responses:
                '200': {description: Revisions., content: {application/json: {schema: {type: array, items: {type: object, properties: {id: {type: integer}, summary: {type: string}}}}}}}
          /users:
            get:
              operationId: listUsers
              summary: List users
              responses:
                '200': {description: Users., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/user'}}}}}
          /users/{user_id}:
            get:
              operationId: getUser
              summary: Get a user
              parameters:
                - {name: user_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200': {description: The user., content: {application/json: {schema: {$ref: '#/components/schemas/user'}}}}
          /users/{user_id}/articles:
            get:
              operationId: listUserArticles
              summary: List a user's articles
              parameters:
                - {name: user_id, in: path, required: true, schema: {type: integer}}
              responses:
                '200': {description: Articles., content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/article'}}}}}
        components:
          parameters:
            article: {name: article_id, in: path, required: true, schema: {type: integer}}
          schemas:
            article: {type: object, properties: {id: {type: integer}, user_id: {type: integer}, title: {type: string}}}
            user: {type: object, properties: {id: {type: integer}, name: {type: string}, email: {type: string}}}
        """

    @Test func theAuthorOfAThingIsTheUserItHolds() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let best = try #require(try planner.propose("What is the email of the author of article 7?", limit: 3).first)
        #expect(best.operations == ["getArticle", "getUser"], "\(best.operations) \(best.reasons)")
    }
}
