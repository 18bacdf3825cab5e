import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// A code in capitals written in parentheses after a name ("Norway (NO)") is how a request identifies the thing: a
/// plan that leaves it unused answers another request, however well its call's words match.
@Suite struct ParenthesizedCodePlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Holidays, version: 1.0.0}
        paths:
          /api/NextHolidaysWorldwide:
            get:
              operationId: nextHolidaysWorldwide
              summary: Returns the upcoming public holidays for the next 7 days
              responses: {'200': {description: Holidays}}
          /api/NextHolidays/{countryCode}:
            get:
              operationId: nextHolidays
              summary: Returns the upcoming public holidays for the next 365 days for the given country
              parameters:
                - {name: countryCode, in: path, required: true, description: Two-letter country code, schema: {type: string}}
              responses: {'200': {description: Holidays}}
        """

    @Test func aPlanThatUsesTheCodeComesFirst() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose(
                "Look up the countries bordering Norway (NO) and tell me the upcoming public holidays in each of them."
            ).first)
        #expect(first.operations == ["nextHolidays"], "\(first.reasons)")
        #expect(first.proposedInputs["countryCode"] == .string("NO"), "\(first.proposedInputs)")
    }
}
