import Testing

@testable import Retrieval

@Suite("The planner's answers")
struct PlanAnswersTests {
    private func proposal(_ operations: [String], _ score: Double) -> PlanProposal {
        PlanProposal(template: nil, operations: operations, score: score, reasons: [])
    }

    @Test("A close second answers the request too; a distant third does not")
    func closeProposalsAnswer() {
        let proposals = [
            proposal(["search-book", "book-similar"], 0.62),
            proposal(["search-author", "author-books", "book-similar"], 0.61),
            proposal(["search-author", "author-books"], 0.19),
        ]
        #expect(Planner.answers(of: proposals) == ["book-similar", "book-similar"])
        let track = [proposal(["get-track", "get-an-artists-top-tracks"], 0.379), proposal(["get-track"], 0.376)]
        #expect(Planner.answers(of: track) == ["get-an-artists-top-tracks", "get-track"])
        #expect(Planner.answers(of: []) == [])
    }
}
