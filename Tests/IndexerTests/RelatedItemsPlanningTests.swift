import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A list member of a thing whose items are things of its own kind (a station's `connections` are stations): when the
/// request names that list beside the value identifying the thing, the thing is read first and the answer takes its
/// related things' keys; without such a word, the value goes to the answer directly.
@Suite struct RelatedItemsPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Rail, version: 1.0.0}
        paths:
          /stations/{stationCode}:
            get:
              operationId: getStation
              summary: Get a station
              parameters: [{name: stationCode, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: The station
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Station'}
          /stations/{stationCode}/departures:
            get:
              operationId: listDepartures
              summary: List the departures from a station
              parameters: [{name: stationCode, in: path, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: Departures
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {$ref: '#/components/schemas/Departure'}
        components:
          schemas:
            Station:
              type: object
              properties:
                stationCode: {type: string}
                name: {type: string}
                connections:
                  type: array
                  items: {$ref: '#/components/schemas/Station'}
            Departure:
              type: object
              properties:
                train: {type: string}
                time: {type: string}
                stationCode: {type: string}
        """

    @Test func theNamedListOfAThingGivesTheKeysOfThingsOfItsKind() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose("List the departures from each of the connections of station ZRH.").first)
        #expect(first.operations == ["getStation", "listDepartures"], "\(first.reasons)")
        #expect(first.template?.steps.first?.arguments["stationCode"] == .string("ZRH"))
        #expect(
            first.template?.steps.last?.arguments["stationCode"]
                == .string("$steps.s1.response.body#/connections/0/stationCode"),
            "\(String(describing: first.template))")
    }

    @Test func withoutTheListsNameTheValueGoesToTheAnswer() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(try planner.propose("List the departures from station ZRH.").first)
        #expect(first.operations == ["listDepartures"], "\(first.reasons)")
        #expect(first.proposedInputs["stationCode"] == .string("ZRH"), "\(first.proposedInputs)")
    }
}
