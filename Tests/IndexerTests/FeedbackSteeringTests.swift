import Foundation
import HandbookModel
import Testing

@testable import Indexer
@testable import Retrieval

/// ``FeedbackSteering`` over a bundle built with a feedback file: close requests (the same words about other values)
/// get the entry's plan first and its wrong operations last; other requests are not matched.
@Suite struct FeedbackSteeringTests {
    private static let feedback = """
        feedback:
          - request: how much did the customer Globex order in total
            plan:
              - listCustomers
              - operation: getCustomerSummary
                arguments: { id: "$steps.s1.response.body#/items/0/id" }
            wrong: [querySales]
          - request: is the service up and healthy
            operations: [getHealth]
            wrong: [listFields]
        """

    private static func bundle() throws -> BundleReader {
        let root = try TestFixtures.copyOfAcme()
        try TestFixtures.write(["feedback/review.yaml": feedback], in: root)
        let (path, diagnostics, built) = try TestFixtures.build(.handbook(directory: root.path))
        #expect(built, "\(diagnostics.errors)")
        return try BundleReader(path: path.path)
    }

    private static func proposal(_ operations: [String], score: Double) -> PlanProposal {
        PlanProposal(template: nil, operations: operations, score: score, reasons: [])
    }

    @Test func theSameRequestAboutAnotherValueMatchesAndOthersDoNot() throws {
        let steering = FeedbackSteering(reader: try Self.bundle())
        let match = try #require(try steering.match("How much did the customer 'Initech' order in total?") { nil })
        #expect(match.entry.planOperations == ["listCustomers", "getCustomerSummary"])
        #expect(match.overlap >= FeedbackSteering.overlapThreshold)
        for other in [
            "list the orders of the customer Globex", "update the credit limit of Globex to 5000",
            "which products sell best", "how much did Globex pay",
        ] {
            #expect(try steering.match(other) { nil } == nil, "\(other)")
        }
    }

    @Test func theRightPlanComesFirstAndWrongOperationsLast() throws {
        let reader = try Self.bundle()
        let steering = FeedbackSteering(reader: reader)
        let request = "how much did the customer Initech order in total"
        let match = try #require(try steering.match(request) { nil })
        let proposals = [
            Self.proposal(["querySales"], score: 3), Self.proposal(["getCustomer"], score: 2),
            Self.proposal(["listCustomers", "getCustomerSummary"], score: 1),
        ]
        let steered = try steering.steer(proposals, for: match, request: request) { try reader.operation(id: $0) }
        #expect(
            steered.map(\.operations) == [["listCustomers", "getCustomerSummary"], ["getCustomer"], ["querySales"]])
        #expect(zip(steered, steered.dropFirst()).allSatisfy { $0.score > $1.score })
        #expect(steered[0].reasons.first?.contains("feedback/review.yaml:2") == true)
    }

    @Test func aPlanThePlannerDidNotProposeIsBuiltFromTheEntry() throws {
        let reader = try Self.bundle()
        let steering = FeedbackSteering(reader: reader)
        let request = "how much did the customer Initech order in total"
        let match = try #require(try steering.match(request) { nil })
        let steered = try steering.steer([Self.proposal(["getCustomer"], score: 1)], for: match, request: request) {
            try reader.operation(id: $0)
        }
        let first = try #require(steered.first)
        #expect(first.operations == ["listCustomers", "getCustomerSummary"])
        let template = try #require(first.template)
        #expect(template.steps[1].arguments["id"] == .string("$steps.s1.response.body#/items/0/id"))
        #expect(steered.count == 2)
    }

    @Test func searchHitsPutTheRightOperationsFirstAndTheWrongOnesLast() throws {
        let reader = try Self.bundle()
        let steering = FeedbackSteering(reader: reader)
        let documents = try reader.searchDocuments().filter { $0.kind == .operation }
        func hit(_ id: String, _ score: Double) throws -> SearchHit {
            SearchHit(document: try #require(documents.first { $0.target == id }), score: score, exactMatch: false)
        }
        let match = try #require(try steering.match("is the service up and healthy?") { nil })
        let hits = [try hit("listFields", 3), try hit("getOrder", 2)]
        let steered = try steering.steer(hits, for: match) { _ in true }
        #expect(steered.map(\.document.target) == ["getHealth", "getOrder", "listFields"])
        #expect(
            try steering.steer(hits, for: match) { $0.target != "getHealth" }.map(\.document.target) == [
                "getOrder", "listFields",
            ])
    }
}
