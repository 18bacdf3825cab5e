import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A thing the request names that only a list without a name filter finds: the plan chooses the listed item by its
/// name (``ItemChoice``), the name a plan input, instead of taking the list's first item.
@Suite struct ListedNamePlanningTests {
    private static func spec(withSearch: Bool) -> String {
        let search =
            withSearch
            ? """
              /countries/search:
                get:
                  operationId: searchCountries
                  summary: Search countries by name
                  parameters:
                    - {name: name, in: query, required: true, schema: {type: string}}
                  responses:
                    '200':
                      description: Matching countries
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: '#/components/schemas/Country'}}
            """ : ""
        return """
            openapi: 3.0.1
            info: {title: Holidays, version: 1.0.0}
            paths:
              /countries:
                get:
                  operationId: listCountries
                  summary: Get all available countries
                  responses:
                    '200':
                      description: The countries
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: '#/components/schemas/Country'}}
            \(search)
              /holidays/next:
                get:
                  operationId: nextHolidaysWorldwide
                  summary: Get the next public holidays worldwide
                  responses:
                    '200':
                      description: Holidays
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: '#/components/schemas/Holiday'}}
              /countries/{countryCode}/holidays:
                get:
                  operationId: countryHolidays
                  summary: Get the public holidays of a country
                  parameters:
                    - {name: countryCode, in: path, required: true, schema: {type: string}}
                  responses:
                    '200':
                      description: Holidays
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: '#/components/schemas/Holiday'}}
            components:
              schemas:
                Country:
                  type: object
                  properties:
                    countryCode: {type: string}
                    name: {type: string}
                Holiday:
                  type: object
                  properties:
                    date: {type: string}
                    name: {type: string}
                    countryCode: {type: string}
            """
    }

    private static let request = "Does the service cover the Faroe Islands? If it does, list their public holidays."

    @Test func aListWithoutANameFilterFindsTheNamedItemByItsName() throws {
        let planner = try TestFixtures.planner(spec: Self.spec(withSearch: false))
        let first = try #require(try planner.propose(Self.request).first)
        #expect(first.operations == ["listCountries", "countryHolidays"], "\(first.reasons)")
        #expect(first.proposedInputs["country_name"] == .string("Faroe Islands"), "\(first.proposedInputs)")
        let template = try #require(first.template)
        #expect(
            template.steps.last?.arguments["countryCode"]
                == .string("$steps.s1.response.body#/[name=$inputs.country_name]/countryCode"))
        #expect(template.inputs["required"]?.arrayValue?.contains(.string("country_name")) == true)
        // A holiday's name names no country: the worldwide holidays are no list to choose the country from.
        let all = try planner.propose(Self.request, limit: 5)
        #expect(!all.contains { $0.operations.first == "nextHolidaysWorldwide" && $0.takes("Faroe Islands") })
    }

    @Test func aSearchByNameIsUsedWhereThereIsOne() throws {
        let planner = try TestFixtures.planner(spec: Self.spec(withSearch: true))
        let proposals = try planner.propose(Self.request, limit: 5)
        #expect(!proposals.contains { $0.proposedInputs["country_name"] != nil }, "\(proposals.map(\.operations))")
    }
}
