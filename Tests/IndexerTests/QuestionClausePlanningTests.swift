import Foundation
import HandbookModel
import Testing

@testable import Retrieval

/// "…; which threads did Wanda publish?" asks a question; only a "which" before a verb ("…, which is unused") opens a
/// clause about a thing already named. A request whose question follows a remark reads what it asks for.
@Suite struct QuestionClausePlanningTests {
    private static let spec = """
        openapi: 3.0.1
        info: {title: Forum, version: 1.0.0}
        paths:
          /members:
            get:
              operationId: listMembers
              summary: List members
              parameters: [{name: handle, in: query, schema: {type: string}}]
              responses: {'200': {description: Members}}
          /members/{memberId}/threads:
            get:
              operationId: listMemberThreads
              summary: List the threads a member started
              parameters: [{name: memberId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: Threads}}
          /threads/{threadId}:
            get:
              operationId: getThread
              summary: Get a thread
              parameters: [{name: threadId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {description: The thread}}
            delete:
              operationId: deleteThread
              summary: Delete a thread
              parameters: [{name: threadId, in: path, required: true, schema: {type: integer}}]
              responses: {'204': {description: Deleted}}
        """

    @Test func aQuestionAfterARemarkIsTheMainClause() {
        #expect(
            RequestFrame.mainClauses(of: "i'm reviewing activity on the forum; which threads did wanda publish?")
                .contains { $0.contains("which threads") })
        #expect(RequestFrame.mainClauses(of: "delete droplet web-1; which is unused") == ["delete droplet web-1"])
    }

    @Test func theQuestionReadsWhatItAsksFor() throws {
        let planner = try TestFixtures.planner(spec: Self.spec)
        let first = try #require(
            try planner.propose("I'm reviewing activity on the forum; which threads did Wanda.Maximoff publish?").first)
        #expect(!first.operations.contains("deleteThread"), "\(first.operations) \(first.reasons)")
        #expect(first.operations.last == "listMemberThreads", "\(first.operations) \(first.reasons)")
    }
}
