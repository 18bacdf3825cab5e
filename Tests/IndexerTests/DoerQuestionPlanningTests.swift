import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "Who contributes to project 5?" asks for the doers its verb names: where a read returns them (`contributors`),
/// reads of other people (a project's members) answer another question, however well the search ranks them.
@Suite struct DoerQuestionPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Projects, version: 1.0.0}
        paths:
          /projects/{projectId}/members:
            get:
              operationId: listMembers
              summary: List the members of a project
              description: Everyone who contributes to a project is a member of it.
              parameters: [{name: projectId, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: Members
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {type: object, properties: {id: {type: integer}, login: {type: string}}}
          /projects/{projectId}/contributors:
            get:
              operationId: listContributors
              summary: List a project's top authors
              parameters: [{name: projectId, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: Contributors
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {type: object, properties: {id: {type: integer}, login: {type: string}}}
        """

    @Test func theReadOfTheVerbsDoersAnswers() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("Who contributes to project 5?").first)
        #expect(first.operations == ["listContributors"], "\(first.reasons)")
    }
}
