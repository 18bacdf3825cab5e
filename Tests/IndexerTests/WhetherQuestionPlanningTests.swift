import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "Is the record Blue saved in my shelf?" asks whether something holds: the read that checks it answers, not the
/// operation that saves, though both are named for saving and the search ranks the save first. A request that goes on
/// after the question ("…? If not, save it.") or asks for something to be done ("Can you save…", "Is it possible to
/// save…") is no such question.
@Suite struct WhetherQuestionPlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Shelf, version: 1.0.0}
        paths:
          /me/records:
            put:
              operationId: saveRecords
              summary: Save records to the shelf of the current user
              parameters: [{name: ids, in: query, required: true, schema: {type: string}}]
              responses: {'200': {description: Saved}}
          /me/records/saved:
            get:
              operationId: checkSavedRecords
              summary: Check whether records are saved in the shelf
              parameters: [{name: ids, in: query, required: true, schema: {type: string}}]
              responses:
                '200':
                  description: One answer a record
                  content: {application/json: {schema: {type: array, items: {type: boolean}}}}
        """

    @Test func aQuestionWhetherSomethingHoldsReadsIt() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        for request in ["Is the record Blue saved in my shelf?", "Have I saved the record Blue to my shelf?"] {
            #expect(RequestMood.of(request) == .asksWhether, "\(request)")
            let first = try #require(try planner.propose(request).first)
            #expect(first.operations == ["checkSavedRecords"], "\(request): \(first.reasons)")
        }
    }

    @Test func aRequestThatGoesOnOrAsksPolitelyIsNoSuchQuestion() {
        #expect(RequestMood.of("Is the record Blue saved? If not, save it to my shelf.") == .reads)
        #expect(RequestMood.of("Can you save the record Blue to my shelf?") == .reads)
        #expect(RequestMood.of("Is it possible to save the record Blue to my shelf?") == .reads)
        #expect(RequestMood.of("Save the record Blue to my shelf") == .acts)
    }
}
