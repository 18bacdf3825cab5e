import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "Display the title and body of note 9" asks for properties of one note: reading the note answers it, not a list
/// whose filters bear the same names. Words that are no field of the read ("the attachments of note 9") ask for
/// something else.
@Suite struct ShownPropertyPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Notebook, version: 1.0.0}
        paths:
          /notes:
            get:
              operationId: listNotes
              summary: List notes
              parameters:
                - {name: title, in: query, description: Only notes with this title, schema: {type: string}}
                - {name: body, in: query, description: Only notes whose body contains this text, schema: {type: string}}
              responses:
                '200':
                  description: Notes
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Note'}}}}
          /notes/{noteId}:
            get:
              operationId: getNote
              summary: Get a note
              parameters: [{name: noteId, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: The note
                  content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
          /notes/{noteId}/trailer:
            get:
              operationId: getNoteTrailer
              summary: Get the trailer of a note
              parameters: [{name: noteId, in: path, required: true, schema: {type: integer}}]
              responses:
                '200':
                  description: The trailer
                  content: {application/json: {schema: {type: object, properties: {text: {type: string}}}}}
        components:
          schemas:
            Note:
              type: object
              properties:
                id: {type: integer}
                title: {type: string}
                body: {type: string}
        """

    @Test func theReadOfTheThingShowsItsFields() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("Display the title and body of note 9").first)
        #expect(first.operations == ["getNote"], "\(first.reasons)")
        #expect(first.proposedInputs["noteId"] == .string("9"), "\(first.proposedInputs)")
    }

    @Test func wordsThatAreNoFieldOfTheReadAskForSomethingElse() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("Show me the trailer of note 9").first)
        #expect(first.operations == ["getNoteTrailer"], "\(first.reasons)")
        #expect(RequestText.shownProperties(in: "Show me the trailer of note 9") == ["trailer"])
        #expect(RequestText.shownProperties(in: "show the posts of the user Bret").isEmpty)
    }
}
