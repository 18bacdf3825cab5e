import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "What is the name of the band of record 812?" asks for a property of a thing the record's read names: when that read
/// returns the property beside the band's id (`bands[].name`), it answers alone; a property it does not return (the
/// band's `city`) takes the band's own read.
@Suite struct PropertyBesideIdentifierPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Records, version: 1.0.0}
        paths:
          /records/{recordId}:
            get:
              operationId: getRecord
              summary: Get a record
              parameters: [{name: recordId, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: The record
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id: {type: string}
                          title: {type: string}
                          bands:
                            type: array
                            items: {type: object, properties: {id: {type: string}, name: {type: string}}}
          /bands/{bandId}:
            get:
              operationId: getBand
              summary: Get a band
              parameters: [{name: bandId, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: The band
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {id: {type: string}, name: {type: string}, city: {type: string}}
        """

    @Test func theReadThatReturnsThePropertyAnswersAlone() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let request = "What is the name of the band of record 812?"
        #expect(RequestText.askedProperty(in: request) == "name")
        let first = try #require(try planner.propose(request).first)
        #expect(first.operations == ["getRecord"], "\(first.reasons)")
    }

    @Test func aPropertyTheReadDoesNotReturnTakesTheThingsOwnRead() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("What is the city of the band of record 812?").first)
        #expect(first.operations == ["getRecord", "getBand"], "\(first.reasons)")
    }
}
